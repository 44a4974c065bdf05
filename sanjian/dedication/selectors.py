"""Reads: verified hours and benefit by member, branch, project and community; the boards.

Only verified logs count anywhere; a log counts on the day its work started (``worked_on``).
Every function runs inside the community scope of the caller and costs a fixed number of
queries, whatever the number of logs.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from sanjian.dedication.models import Activity, BenefitEntry, HourLog, LogStatus, Project, hours_of
from sanjian.lib.dates import Month
from sanjian.lib.money import yuan
from sanjian.members.models import Person
from sanjian.org.models import Unit

#: Milestone marks of a member's verified hours, all time.
MILESTONES = (50, 100, 200)


def verified(start: datetime.date | None = None, end: datetime.date | None = None) -> QuerySet[HourLog]:
    qs = HourLog.objects.filter(status=LogStatus.VERIFIED)
    if start is not None:
        qs = qs.filter(worked_on__gte=start)
    if end is not None:
        qs = qs.filter(worked_on__lte=end)
    return qs


def minutes_by(field: str, start: datetime.date | None, end: datetime.date | None) -> dict[Any, int]:
    """Verified minutes of the period grouped by ``field`` ("person", "branch", "activity__project")."""
    rows = verified(start, end).values(field).annotate(total=Sum("minutes")).order_by()
    return {row[field]: row["total"] or 0 for row in rows}


def community_minutes(start: datetime.date | None = None, end: datetime.date | None = None) -> int:
    return verified(start, end).aggregate(total=Sum("minutes"))["total"] or 0


def cadre_minutes(start: datetime.date | None = None, end: datetime.date | None = None) -> int:
    """Verified minutes given by party members (党员干部义务奉献工时): logs with a branch."""
    return verified(start, end).filter(branch__isnull=False).aggregate(total=Sum("minutes"))["total"] or 0


def benefit_total(
    start: datetime.date | None = None, end: datetime.date | None = None, *, project: Project | None = None
) -> Decimal:
    qs = BenefitEntry.objects.all()
    if project is not None:
        qs = qs.filter(project=project)
    if start is not None:
        qs = qs.filter(occurred_on__gte=start)
    if end is not None:
        qs = qs.filter(occurred_on__lte=end)
    return yuan(qs.aggregate(total=Sum("amount"))["total"] or 0)


@dataclass(frozen=True)
class Progress:
    hours: Decimal
    target_hours: Decimal
    benefit: Decimal
    target_benefit: Decimal
    imputed_value: Decimal | None  # verified hours × the project's hourly value, never added to benefit
    activities: int
    volunteers: int

    @property
    def hours_percent(self) -> int | None:
        return _percent(self.hours, self.target_hours)

    @property
    def benefit_percent(self) -> int | None:
        return _percent(self.benefit, self.target_benefit)


def _percent(value: Decimal, target: Decimal) -> int | None:
    return int(value * 100 / target) if target else None


def project_progress(project: Project) -> Progress:
    logs = verified().filter(activity__project=project)
    figures = logs.aggregate(total=Sum("minutes"), people=Count("person", distinct=True))
    hours = hours_of(figures["total"])
    return Progress(
        hours=hours,
        target_hours=project.target_hours,
        benefit=benefit_total(project=project),
        target_benefit=project.target_benefit,
        imputed_value=yuan(hours * project.hourly_value) if project.hourly_value is not None else None,
        activities=project.activities.filter(is_cancelled=False).count(),
        volunteers=figures["people"] or 0,
    )


def projects_progress(projects: Sequence[Project]) -> dict[int, Progress]:
    """``project_progress`` for many projects in three queries."""
    ids = [p.pk for p in projects]
    hours = {
        row["activity__project"]: row
        for row in verified()
        .filter(activity__project__in=ids)
        .values("activity__project")
        .annotate(total=Sum("minutes"), people=Count("person", distinct=True))
        .order_by()
    }
    benefit = {
        row["project"]: row["total"]
        for row in BenefitEntry.objects.filter(project__in=ids)
        .values("project")
        .annotate(total=Sum("amount"))
        .order_by()
    }
    activities = {
        row["project"]: row["n"]
        for row in Activity.objects.filter(project__in=ids, is_cancelled=False)
        .values("project")
        .annotate(n=Count("pk"))
        .order_by()
    }
    result = {}
    for project in projects:
        h = hours.get(project.pk, {})
        total = hours_of(h.get("total"))
        result[project.pk] = Progress(
            hours=total,
            target_hours=project.target_hours,
            benefit=yuan(benefit.get(project.pk) or 0),
            target_benefit=project.target_benefit,
            imputed_value=yuan(total * project.hourly_value) if project.hourly_value is not None else None,
            activities=activities.get(project.pk, 0),
            volunteers=h.get("people") or 0,
        )
    return result


@dataclass(frozen=True)
class BoardRow:
    rank: int
    key: int
    name: str
    hours: Decimal
    previous: Decimal
    extra: str = ""

    @property
    def change(self) -> Decimal:
        return self.hours - self.previous


def leaderboard(month: datetime.date, *, limit: int = 10) -> dict[str, list[BoardRow]]:
    """Top members and branches of ``month`` with the change from the month before."""
    this = (Month.of(month).start, Month.of(month).end)
    before = Month.of(month).previous()
    last = (before.start, before.end)
    people_now, people_before = minutes_by("person", *this), minutes_by("person", *last)
    branches_now, branches_before = minutes_by("branch", *this), minutes_by("branch", *last)
    branches_now.pop(None, None)
    top_people = sorted(people_now.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    top_branches = sorted(branches_now.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    persons = Person.objects.in_bulk([pk for pk, _ in top_people])
    units = Unit.objects.in_bulk([pk for pk, _ in top_branches])
    return {
        "people": _rank(top_people, people_before, {pk: p.name for pk, p in persons.items()}),
        "branches": _rank(top_branches, branches_before, {pk: u.name for pk, u in units.items()}),
    }


def _rank(rows: list[tuple[int, int]], before: dict[Any, int], names: dict[int, str]) -> list[BoardRow]:
    result: list[BoardRow] = []
    for index, (key, minutes) in enumerate(rows):
        tied = result and result[-1].hours == hours_of(minutes)
        rank = result[-1].rank if tied else index + 1
        result.append(BoardRow(rank, key, names.get(key, ""), hours_of(minutes), hours_of(before.get(key))))
    return result


def milestones_reached(minutes: int) -> list[int]:
    return [mark for mark in MILESTONES if minutes >= mark * 60]


def headline(community: Any, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """The dedication figures of ``start``..``end`` for the reports (dashboard, work summary):
    projects under way in the period by kind, verified hours (all, and party members'), the
    people who gave them, and the direct benefit. Runs in the caller's scope of ``community``."""
    running = Project.objects.filter(starts_on__lte=end).exclude(ends_on__lt=start)
    kinds = dict(running.values_list("kind").annotate(n=Count("pk")).order_by())
    logs = verified(start, end).aggregate(
        total=Sum("minutes"),
        people=Count("person", distinct=True),
        activities=Count("activity", distinct=True),
    )
    return {
        "dedication_projects": kinds.get("dedication", 0),
        "double_hundred_projects": kinds.get("double_hundred", 0),
        "activities": logs["activities"] or 0,
        "volunteers": logs["people"] or 0,
        "hours": hours_of(logs["total"]),
        "cadre_hours": hours_of(cadre_minutes(start, end)),
        "benefit": benefit_total(start, end),
    }


def compared_by_community(
    community_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, dict[str, Any]]:
    """``headline``'s ``hours`` and ``benefit`` for every community of ``community_ids`` (all in
    scope), one grouped query each: the company page."""
    minutes = dict(verified(start, end).values_list("community_id").annotate(n=Sum("minutes")).order_by())
    benefit = dict(
        BenefitEntry.objects.filter(occurred_on__gte=start, occurred_on__lte=end)
        .values_list("community_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {
        cid: {"hours": hours_of(minutes.get(cid)), "benefit": yuan(benefit.get(cid) or 0)}
        for cid in community_ids
    }


def period_activities(person: Person, start: datetime.date, end: datetime.date) -> tuple[int, list[dict]]:
    """The person's verified minutes of the period, and per activity its title, date and hours."""
    per_activity: dict[int, int] = defaultdict(int)
    activities = {}
    for log in verified(start, end).filter(person=person).select_related("activity"):
        per_activity[log.activity_id] += log.minutes
        activities[log.activity_id] = log.activity
    rows = sorted(
        (
            {
                "title": activity.title,
                "date": timezone.localtime(activity.starts_at).date().isoformat(),
                "hours": str(hours_of(per_activity[pk])),
            }
            for pk, activity in activities.items()
        ),
        key=lambda row: (row["date"], row["title"]),
    )
    return sum(per_activity.values()), rows


def monthly_minutes(start: datetime.date, end: datetime.date) -> dict[Month, int]:
    """Verified minutes per month of ``start``..``end``, in one grouped query (the dashboard).

    Grouped by day in the database, summed into months here: no date function per log row
    (on SQLite ``TruncMonth`` is a Python call for every row), at most one row per day back."""
    rows = verified(start, end).values("worked_on").annotate(total=Sum("minutes")).order_by()
    result: dict[Month, int] = {}
    for row in rows:
        month = Month.of(row["worked_on"])
        result[month] = result.get(month, 0) + (row["total"] or 0)
    return result


def day_limit_minutes() -> int:
    """The most minutes a person may log on one calendar day (``DEDICATION_MAX_HOURS_PER_DAY``, 24)."""
    return settings.DEDICATION_MAX_HOURS_PER_DAY * 60


def minutes_between(start: datetime.datetime, end: datetime.datetime) -> int:
    return int((end - start).total_seconds() // 60)


def minutes_per_day(start: datetime.datetime, end: datetime.datetime) -> dict[datetime.date, int]:
    """Split ``start``..``end`` at local midnights: the minutes it covers on each calendar day."""
    tz = timezone.get_default_timezone()
    start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    days: dict[datetime.date, int] = {}
    cursor = start
    while cursor < end:
        next_midnight = datetime.datetime.combine(
            cursor.date() + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        stop = min(end, next_midnight)
        days[cursor.date()] = days.get(cursor.date(), 0) + int((stop - cursor).total_seconds() // 60)
        cursor = stop
    return days
