"""The dashboard of a community and the company overview."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanjian.lib.excel import Column, export_response
from sanjian.lib.registries import Panel, panels
from sanjian.lib.replica import replica_reads
from sanjian.reports import dashboard as dashboard_figures
from sanjian.reports import phrases, selectors
from sanjian.reports.forms import period_of
from sanjian.tenancy.access import community_url, community_view, company_view


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


@community_view()
@replica_reads
def dashboard(request: HttpRequest) -> HttpResponse:
    """The community at a glance: the figures and panels the apps contribute (``lib.registries.panels``).

    A plain party member is sent to their own page: the community's figures are the office's work."""
    if not request.access.can("reports.dashboard"):
        return redirect(community_url(request, "my_home"))
    start, end, error = period_of(request.GET.get("from"), request.GET.get("to"))
    snapshot = dashboard_figures.snapshot(request.community, start, end)
    grouped = dashboard_figures.tiles(snapshot.figures, can=request.access.can)
    before = dashboard_figures.previous_period(start, end)
    context = {
        "figures": render_panels(request, "figure"),
        "panels": render_panels(request, "panel"),
        "platforms": [
            (key, label, grouped[key]) for key, label in dashboard_figures.PLATFORMS.items() if key in grouped
        ],
        "charts": snapshot.charts,
        "computed_at": snapshot.computed_at,
        "kept_seconds": settings.REPORTS_DASHBOARD_SECONDS,
        "first": f"{start:%Y-%m}",
        "last": f"{end:%Y-%m}",
        "period": phrases.period(start, end),
        "previous": phrases.period(*before),
        "error": error,
    }
    return render(request, "reports/dashboard.html", context)


@company_view
@replica_reads
def company(request: HttpRequest) -> HttpResponse:
    """The committee's view of every community of its company."""
    year = timezone.localdate().year
    rows = selectors.company_overview(company=request.company, year=year)
    start, end, error = period_of(request.GET.get("from"), request.GET.get("to"))
    communities = [row.community for row in rows]
    headers, compared, charts = dashboard_figures.company(communities, start, end)
    context = {
        "company": request.company,
        "rows": rows,
        "year": year,
        "headers": headers,
        "compared": compared,
        "charts": charts,
        "first": f"{start:%Y-%m}",
        "last": f"{end:%Y-%m}",
        "period": phrases.period(start, end),
        "error": error,
    }
    return render(request, "reports/company.html", context)


@community_view("reports.dashboard")
@replica_reads
def dashboard_xlsx(request: HttpRequest, table: str) -> HttpResponse:
    """A table of the dashboard as a spreadsheet: the headline figures, or one chart's table."""
    start, end, _error = period_of(request.GET.get("from"), request.GET.get("to"))
    snapshot = dashboard_figures.snapshot(request.community, start, end)
    if table == "figures":
        grouped = dashboard_figures.tiles(snapshot.figures, can=request.access.can)
        rows = [(dashboard_figures.PLATFORMS[key], tile) for key, tiles in grouped.items() for tile in tiles]
        return export_response(
            title=_("Dashboard"),
            columns=[
                Column(_("Platform"), lambda r: str(r[0])),
                Column(_("Figure"), lambda r: str(r[1].spec.label)),
                Column(_("Value"), lambda r: r[1].value),
                Column(_("Before"), lambda r: r[1].previous),
                Column(pgettext("difference", "Change"), lambda r: r[1].change),
            ],
            rows=rows,
            filename=f"{table}.xlsx",
        )
    chart = next((c for c in snapshot.charts if c.key == table), None)
    if chart is None:
        raise Http404
    columns = [Column(header, lambda row, i=i: row[i]) for i, header in enumerate(chart.headers)]
    return export_response(title=chart.title, columns=columns, rows=chart.rows, filename=f"{table}.xlsx")
