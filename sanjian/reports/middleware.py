"""Keeps the dashboard's cached figures honest: a write to a community drops them."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from sanjian.reports import dashboard

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class DashboardFreshnessMiddleware:
    """After a write request to a community that succeeded (any method but GET/HEAD/OPTIONS,
    answered below 400: every form, deletion and API write), the community's cached dashboard
    figures are dropped (``dashboard.figures_changed``), so the next dashboard recomputes them.

    Residents' public pages (the QR rating) take their own short chain (``web.public_path``)
    and do not pass here: a rating reaches the dashboard when its cached copy expires
    (``REPORTS_DASHBOARD_SECONDS``). Neither do background tasks and management commands."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            community = getattr(request, "community", None)
            if community is not None:
                dashboard.figures_changed(community.pk)
        return response
