"""Documents made in the background: the request (a ``Download`` row), the making (in a huey
task, with its progress written as it goes), and the makers of each kind of document.

A web worker never renders a PDF: it writes the request and answers at once; the task makes the
file and the "my downloads" page shows the progress bar until it is ready.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from sanjian.lib.dates import Month
from sanjian.reports.models import Download, DownloadStatus
from sanjian.tenancy.models import Community

log = logging.getLogger(__name__)

Progress = Callable[[int], None]


def _summary(download: Download, progress: Progress) -> tuple[str, bytes]:
    from sanjian.reports import documents

    first, last = Month.parse(download.params["from"]), Month.parse(download.params["to"])
    document = documents.summary_document(download.community, first.start, last.end)
    progress(50)
    fmt = download.params.get("format", "docx")
    content = documents.as_pdf(document) if fmt == "pdf" else documents.as_docx(document)
    return f"{document.title}.{fmt}", content


def _monthly_notice(download: Download, progress: Progress) -> tuple[str, bytes]:
    from sanjian.reports import notices

    notice = notices.monthly_notice(download.community, Month.parse(download.params["month"]))
    progress(50)
    fmt = download.params.get("format", "docx")
    return f"{notice.title}.{fmt}", notices.as_pdf(notice) if fmt == "pdf" else notices.as_docx(notice)


def _results_notice(download: Download, progress: Progress) -> tuple[str, bytes]:
    from django_scopes import scope

    from sanjian.assessment.models import Period
    from sanjian.reports import notices

    with scope(community=download.community_id):
        period = Period.objects.get(pk=download.params["period"])
    notice = notices.results_notice(download.community, period)
    progress(50)
    fmt = download.params.get("format", "docx")
    return f"{notice.title}.{fmt}", notices.as_pdf(notice) if fmt == "pdf" else notices.as_docx(notice)


#: kind → maker(download, progress) -> (file name, content)
MAKERS: dict[str, Callable[[Download, Progress], tuple[str, bytes]]] = {
    "summary": _summary,
    "monthly_notice": _monthly_notice,
    "results_notice": _results_notice,
}


@transaction.atomic
def download_request(
    *, community: Community, kind: str, params: dict[str, Any], title: str, actor: Any
) -> Download:
    if kind not in MAKERS:
        raise ValidationError(_("This kind of document cannot be made."))
    return Download.objects.create(
        community=community, kind=kind, params=params, title=title[:200], created_by=actor
    )


def _set(download: Download, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(download, name, value)
    Download.objects.filter(pk=download.pk).update(**fields)


def download_make(download: Download, *, language: str = "zh-hans") -> None:
    """Make the file of ``download``; on failure the row says so and keeps no half-made file."""
    _set(download, status=DownloadStatus.RUNNING, progress=10)
    try:
        with override(download.params.get("language", language)):
            name, content = MAKERS[download.kind](download, lambda percent: _set(download, progress=percent))
        _set(download, progress=90)
        download.file.save(name, ContentFile(content), save=False)
        _set(
            download,
            file=download.file.name,
            status=DownloadStatus.READY,
            progress=100,
            finished_at=timezone.now(),
        )
    except Exception:
        log.exception("download %s (%s) failed", download.pk, download.kind)
        _set(
            download,
            status=DownloadStatus.FAILED,
            message=_("The document could not be made."),
            finished_at=timezone.now(),
        )
