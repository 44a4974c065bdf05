"""The assessment's panel on the community dashboard: the biggest movers of the latest month."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from sanjian.assessment import selectors


def movers_panel(request: HttpRequest) -> dict[str, Any] | None:
    period, risers, fallers = selectors.movers()
    if period is None:
        return None
    return {
        "period": period,
        "risers": risers,
        "fallers": fallers,
        "alerts": selectors.alert_list(period=period)[:5],
    }
