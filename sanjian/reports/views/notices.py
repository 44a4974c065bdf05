"""Notices: the monthly notice of a month, the results notice of a published assessment period."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from sanjian.assessment.models import Period
from sanjian.assessment.selectors import PUBLISHED
from sanjian.lib.dates import Month
from sanjian.reports import notices
from sanjian.reports.views.summary import DOCX
from sanjian.tenancy.access import community_view


@community_view("reports.summary")
def notice_list(request: HttpRequest) -> HttpResponse:
    month = Month.parse(request.GET.get("month"), Month.current().previous())
    periods = Period.objects.filter(status__in=PUBLISHED).order_by("-start", "kind")[:24]
    return render(request, "reports/notices.html", {"month": month, "periods": periods})


def _download(notice: notices.Notice, fmt: str) -> HttpResponse:
    if fmt not in ("docx", "pdf"):
        raise Http404
    if fmt == "pdf":
        response = HttpResponse(notices.as_pdf(notice), content_type="application/pdf")
    else:
        response = HttpResponse(notices.as_docx(notice), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, f"{notice.title}.{fmt}")
    return response


@community_view("reports.summary")
def monthly_notice(request: HttpRequest, fmt: str) -> HttpResponse:
    month = Month.parse(request.GET.get("month"), Month.current().previous())
    return _download(notices.monthly_notice(request.community, month), fmt)


@community_view("reports.summary")
def results_notice(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    period = get_object_or_404(Period, pk=pk, status__in=PUBLISHED)
    return _download(notices.results_notice(request.community, period), fmt)
