"""The windows' figures and panels on the community dashboard, read from rollups and tickets."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from sanjian.lib.formats import percent
from sanjian.tenancy.access import community_url
from sanjian.windows import ranking, selectors


def satisfaction_figure(request: HttpRequest) -> dict[str, Any]:
    month = ranking.Month.current()
    value, count = ranking.satisfaction_overall(month.start, month.end)
    label = _("satisfaction of residents this month (%(count)s ratings)") % {"count": count}
    return {
        "value": percent(None if value is None else value / 100),
        "label": label,
        "url": community_url(request, "windows:ranking"),
    }


def overdue_figure(request: HttpRequest) -> dict[str, Any]:
    count = selectors.overdue_tickets(request.access).count()
    return {
        "value": count,
        "label": _("rectification tickets overdue"),
        "url": community_url(request, "windows:tickets") + "?overdue=1",
    }


def month_panel(request: HttpRequest) -> dict[str, Any] | None:
    month = ranking.Month.current()
    rows = ranking.community_ranking(month)
    if not rows:
        return None
    rated = [r for r in rows if r.total]
    return {
        "month": month,
        "top": [r for r in rows if r.rank is not None][:5],
        "talks": [r for r in rows if r.talk],
        "chart": {
            "labels": [r.window.name for r in rated],
            "series": [{"name": _("Satisfaction (%)"), "values": [float(r.satisfaction) for r in rated]}],
        },
    }


def overdue_panel(request: HttpRequest) -> dict[str, Any] | None:
    tickets = list(selectors.overdue_tickets(request.access)[:8])
    return {"tickets": tickets, "total": selectors.overdue_tickets(request.access).count()}
