"""The roster import: upload, preview (with a progress bar while a big file is checked), confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanjian.lib.excel import xlsx_response
from sanjian.lib.imports import ERRORS_SHOWN
from sanjian.members import importer, tasks
from sanjian.members.access import sees_full_id_number
from sanjian.members.forms import ImportForm
from sanjian.members.models import ImportBatch, ImportStatus
from sanjian.tenancy.access import community_url, community_view

RUNNING = (ImportStatus.CHECKING, ImportStatus.IMPORTING)


@community_view("members.manage")
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = importer.batch_create(community=request.community, upload=upload, actor=request.user)
        except ValidationError as exc:
            form.add_error("file", exc.messages[0])
        else:
            _run(tasks.import_check, batch, batch.pk)
            return redirect(community_url(request, "members:import", batch.pk))
    status = 400 if request.method == "POST" else 200
    recent = ImportBatch.objects.select_related("created_by")[:10]
    return render(request, "members/import_start.html", {"form": form, "recent": recent}, status=status)


def _run(task, batch: ImportBatch, *args: object) -> None:  # noqa: ANN001 - a huey task
    """Small files are handled in the request; big ones by the task queue (pages run outside a
    transaction, so the batch is saved before the consumer reads it)."""
    if batch.file.size <= importer.BACKGROUND_BYTES:
        task.call_local(*args)
    else:
        task(*args)


@community_view("members.manage")
def import_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(importer.template_bytes(), _("roster-template.xlsx"))


@community_view("members.manage")
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    template = "members/_import_status.html" if request.htmx else "members/import_detail.html"
    rows = Paginator(batch.rows if batch.status == ImportStatus.READY else [], 200).get_page(
        request.GET.get("page")
    )
    context = {
        "batch": batch,
        "errors": batch.errors[:ERRORS_SHOWN],
        "error_counts": importer.batch_error_counts(batch) if batch.status == ImportStatus.INVALID else [],
        "running": batch.status in RUNNING,
        "rows": rows,
        "headers": importer.headers(),
        "full_id": sees_full_id_number(request),
    }
    return render(request, template, context)


@community_view("members.manage")
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The full error list of a batch as an .xlsx: the page shows only the first ones."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    return xlsx_response(importer.errors_bytes(batch), _("import-errors-%(pk)s.xlsx") % {"pk": batch.pk})


@require_POST
@community_view("members.manage")
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if batch.status != ImportStatus.READY:
        messages.error(request, _("Only a checked file without errors can be imported."))
        return redirect(community_url(request, "members:import", batch.pk))
    batch.status = ImportStatus.IMPORTING
    batch.save(update_fields=["status"])
    _run(tasks.import_apply, batch, batch.pk, request.user.pk)
    return redirect(community_url(request, "members:import", batch.pk))
