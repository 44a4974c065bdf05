from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext

from sanjian.reports import selectors
from sanjian.tenancy.access import community_view


@community_view("org.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    context = selectors.community_dashboard(community=request.community, year=year)
    context["networks_chart"] = {
        "labels": [name for name, _n in context["networks"]],
        "series": [{"name": gettext("Service windows"), "values": [n for _name, n in context["networks"]]}],
    }
    return render(request, "reports/dashboard.html", {**context, "year": year})


def company(request: HttpRequest, company_slug: str) -> HttpResponse:
    """The committee's view of every community of its company (access checked by the middleware)."""
    year = timezone.localdate().year
    rows = selectors.company_overview(company=request.company, year=year)
    return render(request, "reports/company.html", {"company": request.company, "rows": rows, "year": year})
