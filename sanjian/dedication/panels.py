"""The dedication app's figures on the dashboard, its section of the person page, and the
indicator sources it gives the assessment platform."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.dedication import selectors
from sanjian.dedication.models import Activity, Certificate, HourLog, LogStatus, hours_of
from sanjian.members.access import my_person
from sanjian.tenancy.access import community_url


def _year_start() -> datetime.date:
    return timezone.localdate().replace(month=1, day=1)


def hours_figure(request: HttpRequest) -> dict[str, Any]:
    """Verified hours of this year: only what a verifier has confirmed is shown anywhere."""
    minutes = selectors.community_minutes(_year_start(), timezone.localdate())
    label = _("verified volunteer hours in %(year)s") % {"year": _year_start().year}
    url = community_url(request, "dedication:board")
    return {"value": f"{hours_of(minutes):,}", "label": label, "url": url}


def benefit_figure(request: HttpRequest) -> dict[str, Any]:
    """Direct economic benefit of this year, never mixed with the imputed value of hours."""
    total = selectors.benefit_total(_year_start(), timezone.localdate())
    label = _("yuan of direct economic benefit in %(year)s") % {"year": _year_start().year}
    url = community_url(request, "dedication:projects")
    return {"value": f"{total:,.0f}", "label": label, "url": url}


def hours_section(request: HttpRequest, person: Any) -> dict[str, Any] | None:
    """The person's verified hours this year and all time, hours still waiting for a verifier,
    and the milestones reached; nothing for someone who has never logged an hour."""
    year = _year_start()
    figures = HourLog.objects.filter(person=person).aggregate(
        total=Sum("minutes", filter=Q(status=LogStatus.VERIFIED)),
        year=Sum("minutes", filter=Q(status=LogStatus.VERIFIED, worked_on__gte=year)),
        pending=Sum("minutes", filter=Q(status=LogStatus.PENDING)),
        rejected=Sum("minutes", filter=Q(status=LogStatus.REJECTED)),
    )
    if not any(figures.values()):
        return None
    total = figures["total"] or 0
    reached = selectors.milestones_reached(total)
    following = [mark for mark in selectors.MILESTONES if mark not in reached]
    return {
        "year": year.year,
        "hours_year": hours_of(figures["year"]),
        "hours_total": hours_of(total),
        "hours_pending": hours_of(figures["pending"]),
        "milestones": reached,
        "next_milestone": following[0] if following else None,
        "to_next": following[0] - hours_of(total) if following else None,
    }


def own_volunteering(request: HttpRequest) -> dict[str, Any] | None:
    """The member's own card: the activities they signed up for that are still to come, their
    hours (as on their person page) and their certificates."""
    person = my_person(request)
    if person is None:
        return None
    coming = (
        Activity.objects.filter(signups__person=person, is_cancelled=False, ends_at__gte=timezone.now())
        .order_by("starts_at")
        .distinct()[:5]
    )
    return {
        "coming": list(coming),
        "hours": hours_section(request, person),
        "certificates": Certificate.objects.filter(person=person, is_revoked=False).count(),
    }
