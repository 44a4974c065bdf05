"""The hall's public board: no login, nothing personal beyond the names of honoured members."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from sanjian.reports import board
from sanjian.tenancy.access import community_view, public_view


@public_view
@community_view()
@require_safe
def hall(request: HttpRequest) -> HttpResponse:
    """Rotating panels in large type for a TV in the community hall; reloads itself."""
    return render(request, "reports/hall.html", board.context(request.community))
