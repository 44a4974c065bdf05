"""The work summary: preview, edit, regenerate, download."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanjian.lib.views import form_saved
from sanjian.reports import documents, phrases
from sanjian.reports.forms import SummaryForm, period_of
from sanjian.reports.models import Summary
from sanjian.reports.services import summary_reset, summary_save
from sanjian.tenancy.access import community_url, community_view

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


# --- The work summary -------------------------------------------------------------------------


def _period_query(start, end) -> str:  # noqa: ANN001 - two dates
    return urlencode({"from": f"{start:%Y-%m}", "to": f"{end:%Y-%m}"})


@community_view("reports.summary")
def summary(request: HttpRequest) -> HttpResponse:
    """The summary of the chosen period, as it will print, with its bound figures marked."""
    start, end, error = period_of(request.GET.get("from"), request.GET.get("to"))
    document = documents.summary_document(request.community, start, end)
    query = _period_query(start, end)
    versions = Summary.history.filter(start=start, end=end).select_related("history_user")[:20]
    context = {
        "document": document,
        "first": f"{start:%Y-%m}",
        "last": f"{end:%Y-%m}",
        "error": error,
        "may_edit": request.access.can("reports.summary_edit"),
        "edit_url": community_url(request, "reports:summary_edit") + "?" + query,
        "reset_url": community_url(request, "reports:summary_reset") + "?" + query,
        "docx_url": community_url(request, "reports:summary_download", "docx") + "?" + query,
        "pdf_url": community_url(request, "reports:summary_download", "pdf") + "?" + query,
        "versions": versions,
    }
    return render(request, "reports/summary.html", context)


@community_view("reports.summary_edit")
def summary_edit(request: HttpRequest) -> HttpResponse:
    """The secretary edits the words; the figures stay bound (``[[app.key]]``)."""
    start, end, _error = period_of(request.GET.get("from"), request.GET.get("to"))
    document = documents.summary_document(request.community, start, end)
    back = community_url(request, "reports:summary") + "?" + _period_query(start, end)
    form = SummaryForm(request.POST or None, initial={"text": document.source})
    if request.method == "POST" and form.is_valid():
        saved = form_saved(
            request,
            form,
            lambda: summary_save(
                community=request.community,
                start=start,
                end=end,
                text=form.cleaned_data["text"],
                actor=request.user,
            ),
            success=lambda _summary: back,
            message=_("The summary has been saved."),
        )
        if saved is not None:
            return saved
    context = {
        "form": form,
        "period": phrases.period(start, end),
        "back_url": back,
        "figures": sorted(document.figures.labels().items()),
    }
    return render(
        request, "reports/summary_edit.html", context, status=400 if request.method == "POST" else 200
    )


@require_POST
@community_view("reports.summary_edit")
def summary_regenerate(request: HttpRequest) -> HttpResponse:
    start, end, _error = period_of(request.GET.get("from"), request.GET.get("to"))
    saved = Summary.objects.filter(start=start, end=end).first()
    if saved is not None:
        summary_reset(summary=saved, actor=request.user)
        messages.success(request, _("The summary writes itself again from the records."))
    return redirect(community_url(request, "reports:summary") + "?" + _period_query(start, end))


@community_view("reports.summary")
def summary_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "pdf"):
        raise Http404
    start, end, _error = period_of(request.GET.get("from"), request.GET.get("to"))
    document = documents.summary_document(request.community, start, end)
    name = document.title or _("work summary")
    if fmt == "pdf":
        response = HttpResponse(documents.as_pdf(document), content_type="application/pdf")
    else:
        response = HttpResponse(documents.as_docx(document), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.{fmt}")
    return response
