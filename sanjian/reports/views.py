from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from sanjian.lib.registries import Panel, panels
from sanjian.reports import selectors
from sanjian.tenancy.access import community_view, company_view


def render_panels(request: HttpRequest, kind: str) -> list[tuple[Panel, SafeString]]:
    """The user's dashboard panels of ``kind``, rendered; a panel whose context is None is left out."""
    rendered = []
    for panel in panels.all():
        if panel.kind != kind or not request.access.can(panel.perm):
            continue
        context = panel.context(request)
        if context is not None:
            html = render_to_string(panel.template, {**context, "panel": panel}, request=request)
            rendered.append((panel, mark_safe(html)))
    return rendered


@community_view("org.view")
def dashboard(request: HttpRequest) -> HttpResponse:
    """The community at a glance: the figures and panels the apps contribute (``lib.registries.panels``)."""
    context = {"figures": render_panels(request, "figure"), "panels": render_panels(request, "panel")}
    return render(request, "reports/dashboard.html", context)


@company_view
def company(request: HttpRequest) -> HttpResponse:
    """The committee's view of every community of its company."""
    year = timezone.localdate().year
    rows = selectors.company_overview(company=request.company, year=year)
    return render(request, "reports/company.html", {"company": request.company, "rows": rows, "year": year})
