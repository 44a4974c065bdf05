"""The health app's figures on the dashboard: a doctor's overdue follow-ups, and the on-time
rate for everyone who may see counts."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.health import selectors
from sanjian.lib.formats import percent
from sanjian.tenancy.access import community_url


def overdue_figure(request: HttpRequest) -> dict[str, Any]:
    """The doctor's own overdue follow-ups: flagged on the dashboard, linked to the list."""
    count = selectors.overdue(doctor=request.user).count()
    return {
        "value": count,
        "label": _("of my follow-ups overdue"),
        "url": community_url(request, "health:overdue"),
    }


def on_time_figure(request: HttpRequest) -> dict[str, Any]:
    today = timezone.localdate()
    figures = selectors.headline(request.community, today.replace(month=1, day=1), today)
    return {
        "value": percent(figures["on_time_rate"]),
        "label": _("follow-ups on time in %(year)s") % {"year": today.year},
        "url": community_url(request, "health:stats"),
    }
