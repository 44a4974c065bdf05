"""Documents asked for in the background, and the user's "my downloads" list with progress."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from sanjian.assessment.models import Period
from sanjian.assessment.selectors import PUBLISHED
from sanjian.lib.dates import Month
from sanjian.lib.files import file_download
from sanjian.lib.views import int_param
from sanjian.reports import downloads, tasks
from sanjian.reports.models import Download
from sanjian.tenancy.access import community_url, community_view

#: What each kind needs to be allowed, and the parameters it takes from the form.
KINDS = {
    "summary": ("reports.summary", ("from", "to", "format")),
    "monthly_notice": ("reports.summary", ("month", "format")),
    "results_notice": ("reports.summary", ("period", "format")),
}


@require_POST
@community_view()
def download_start(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    if kind not in KINDS:
        raise Http404
    perm, names = KINDS[kind]
    request.access.require(perm)
    params = {name: request.POST.get(name, "") for name in names}
    params["language"] = get_language()
    if params.get("format") not in ("docx", "pdf"):
        params["format"] = "docx"
    if (
        kind == "results_notice"
        and not Period.objects.filter(pk=int_param(params["period"]) or 0, status__in=PUBLISHED).exists()
    ):
        raise Http404
    for name in ("from", "to", "month"):
        if name in params:
            params[name] = str(Month.parse(params[name]))
    try:
        download = downloads.download_request(
            community=request.community,
            kind=kind,
            params=params,
            title=request.POST.get("title", "")[:200] or kind,
            actor=request.user,
        )
    except ValidationError:
        raise Http404 from None
    transaction.on_commit(lambda: tasks.make_download(download.pk))
    return redirect(community_url(request, "reports:downloads") + f"#download-{download.pk}")


@community_view("reports.downloads")
def download_list(request: HttpRequest) -> HttpResponse:
    """The user's own downloads; the list refreshes itself (htmx) while one is being made."""
    rows = list(Download.objects.filter(created_by=request.user)[:30])
    running = any(d.running for d in rows)
    template = "reports/_downloads.html" if request.htmx else "reports/downloads.html"
    return render(request, template, {"rows": rows, "running": running})


@community_view()
def download_file(request: HttpRequest, pk: int) -> HttpResponse:
    download = get_object_or_404(Download, pk=pk, created_by=request.user)
    if not download.file:
        raise Http404
    return file_download(download.file)
