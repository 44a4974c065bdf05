"""Reads of the health app. ``headline`` and the rates are counts only, never personal data:
``reports`` and the secretary read them; the rest is for medical roles."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from sanjian.health.models import (
    ArchiveCondition,
    ArchiveStatus,
    FollowUpPlan,
    HealthArchive,
    OutreachEvent,
    PlanStatus,
    Visit,
)
from sanjian.tenancy.models import Community


def _period(start: Any, end: Any) -> tuple[datetime.date, datetime.date]:
    """Refuse a period that is not two dates in order, in the user's language."""
    if not all(isinstance(d, datetime.date) and not isinstance(d, datetime.datetime) for d in (start, end)):
        raise ValidationError(_("The period must be given as two dates."))
    if start > end:
        raise ValidationError(_("The end of the period comes before its start."))
    return start, end


def _rate(on_time: int, due: int) -> Decimal | None:
    if not due:
        return None
    return (Decimal(on_time) / Decimal(due)).quantize(Decimal("0.0001"), ROUND_HALF_UP)


def overdue(*, today: datetime.date | None = None, doctor: Any = None) -> QuerySet[FollowUpPlan]:
    """Open plans past their due date (of any year: a plan of December is still overdue in
    January), oldest first, of archives still under management or lost; of one doctor if given."""
    today = today or timezone.localdate()
    plans = FollowUpPlan.objects.filter(status=PlanStatus.OPEN, due_date__lt=today).exclude(
        archive__status=ArchiveStatus.ENDED
    )
    if doctor is not None:
        plans = plans.filter(doctor=doctor)
    return plans.select_related("archive__person", "condition", "doctor").order_by(
        "due_date", "archive__number"
    )


def due_soon(
    *, today: datetime.date | None = None, days: int = 30, doctor: Any = None
) -> QuerySet[FollowUpPlan]:
    """Open plans falling due in the next ``days`` days."""
    today = today or timezone.localdate()
    plans = FollowUpPlan.objects.filter(
        status=PlanStatus.OPEN, due_date__gte=today, due_date__lte=today + datetime.timedelta(days=days)
    ).exclude(archive__status=ArchiveStatus.ENDED)
    if doctor is not None:
        plans = plans.filter(doctor=doctor)
    return plans.select_related("archive__person", "condition", "doctor").order_by(
        "due_date", "archive__number"
    )


def plans_judged(start: datetime.date, end: datetime.date, *, today: datetime.date | None = None) -> QuerySet:
    """Plans whose due date in ``start``..``end`` has passed (by ``today``): the ones a rate is
    judged on. A plan not yet due is not a failure yet, and is left out; cancelled plans too."""
    today = today or timezone.localdate()
    last = min(end, today - datetime.timedelta(days=1))
    return FollowUpPlan.objects.filter(due_date__gte=start, due_date__lte=last).exclude(
        status=PlanStatus.CANCELLED
    )


ON_TIME = Q(status=PlanStatus.DONE, done_on__lte=F("due_date"))


def headline(community: Community, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """The community's health figures for ``start``..``end``: counts and rates, no personal data.

    archives: archives opened by ``end``; by_condition: those archives per condition name;
    visits: follow-ups recorded in the period; on_time_rate: plans done by their due date over
    plans due in the period (and already past; None when none was); overdue: plans due in the
    period still open today; outreach_events and people_served: outreach in the period.
    """
    start, end = _period(start, end)
    today = timezone.localdate()
    with scope(community=community.pk):
        archives = HealthArchive.objects.filter(community=community, opened_on__lte=end)
        by_condition = dict(
            ArchiveCondition.objects.filter(community=community, archive__in=archives)
            .values_list("condition__name")
            .annotate(n=Count("pk"))
            .order_by("condition__sort_order", "condition__name")
        )
        judged = plans_judged(start, end, today=today).filter(community=community)
        counts = judged.aggregate(due=Count("pk"), on_time=Count("pk", filter=ON_TIME))
        outreach = OutreachEvent.objects.filter(
            community=community, date__gte=start, date__lte=end
        ).aggregate(n=Count("pk"), served=Sum("people_served"))
        return {
            "archives": archives.count(),
            "by_condition": by_condition,
            "visits": Visit.objects.filter(community=community, date__gte=start, date__lte=end).count(),
            "due": counts["due"],
            "on_time_rate": _rate(counts["on_time"], counts["due"]),
            "overdue": FollowUpPlan.objects.filter(
                community=community,
                status=PlanStatus.OPEN,
                due_date__gte=start,
                due_date__lte=min(end, today - datetime.timedelta(days=1)),
            )
            .exclude(archive__status=ArchiveStatus.ENDED)
            .count(),
            "outreach_events": outreach["n"],
            "people_served": outreach["served"] or 0,
        }


@dataclass
class DoctorRate:
    doctor_id: int | None
    due: int
    on_time: int

    @property
    def rate(self) -> Decimal | None:
        return _rate(self.on_time, self.due)


def on_time_by_doctor(start: datetime.date, end: datetime.date) -> dict[int | None, DoctorRate]:
    """Per responsible doctor: plans due (and past) in the period and those done on time."""
    start, end = _period(start, end)
    rows = (
        plans_judged(start, end)
        .values("doctor_id")
        .annotate(due=Count("pk"), on_time=Count("pk", filter=ON_TIME))
        .order_by("doctor_id")
    )
    return {r["doctor_id"]: DoctorRate(r["doctor_id"], r["due"], r["on_time"]) for r in rows}
