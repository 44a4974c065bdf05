from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from sanjian.reports import selectors
from sanjian.reports.panels import render_panels
from sanjian.tenancy.access import community_view


@community_view("org.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The community at a glance: the figures and panels the apps contribute (reports.panels)."""
    context = {"figures": render_panels(request, "figure"), "panels": render_panels(request, "panel")}
    return render(request, "reports/dashboard.html", context)


def company(request: HttpRequest, company_slug: str) -> HttpResponse:
    """The committee's view of every community of its company (access checked by the middleware)."""
    year = timezone.localdate().year
    rows = selectors.company_overview(company=request.company, year=year)
    return render(request, "reports/company.html", {"company": request.company, "rows": rows, "year": year})
