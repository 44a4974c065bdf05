"""Reads of the windows app, inside the request's community scope, narrowed to what the user
may see. Rankings and boards live in ``ranking``; these are the lists and records."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from sanjian.lib import memo
from sanjian.lib.dates import Month
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.access import Access
from sanjian.tenancy.models import Community
from sanjian.tenancy.roles import LEADERS
from sanjian.windows.models import (
    BenchmarkTitle,
    Criterion,
    DailyRollup,
    Deduction,
    Dimension,
    Inspection,
    InspectionLine,
    InspectionStatus,
    NotApplicable,
    Policy,
    Rating,
    Standard,
    Ticket,
    TicketStatus,
)
from sanjian.windows.rollups import LEVEL_FIELDS


def _in_reach(qs: QuerySet, access: Access, perm: str, field: str = "window_id") -> QuerySet:
    reach = access.reach(perm)
    return qs if reach is None else qs.filter(**{f"{field}__in": reach})


def windows_for(access: Access, perm: str) -> QuerySet[Unit]:
    """The active windows on which the user holds ``perm``."""
    qs = Unit.objects.filter(kind=UnitKind.WINDOW, is_active=True).select_related("parent")
    return _in_reach(qs, access, perm, "pk").order_by("parent__sort_order", "sort_order", "name")


def inspection_list(access: Access, *, window: Unit | None = None, status: str = "") -> QuerySet[Inspection]:
    """The inspections the user may see: submitted ones of the windows in reach, and drafts only
    to their inspector and the leaders (a window never sees a draft, its own or another's)."""
    qs = _in_reach(
        Inspection.objects.select_related("window", "inspector"), access, "windows.inspections_view"
    )
    if not access.has_role(*LEADERS):
        qs = qs.filter(Q(status=InspectionStatus.SUBMITTED) | Q(inspector=access.user))
    if window is not None:
        qs = qs.filter(window=window)
    if status in InspectionStatus.values:
        qs = qs.filter(status=status)
    return qs


def inspection_visible(access: Access, inspection: Inspection) -> bool:
    if not access.can("windows.inspections_view", inspection.window):
        return False
    return (
        inspection.status == InspectionStatus.SUBMITTED
        or inspection.inspector_id == access.user.pk
        or access.has_role(*LEADERS)
    )


def inspection_lines(inspection: Inspection) -> list[InspectionLine]:
    """The lines with their criterion and deductions (the withdrawn ones too), in order."""
    deductions = Deduction.objects.select_related("added_by", "withdrawn_by").order_by("pk")
    return list(
        inspection.lines.select_related("criterion").prefetch_related(
            Prefetch("deductions", queryset=deductions)
        )
    )


def ticket_list(
    access: Access, *, status: str = "", overdue: bool = False, window: Unit | None = None
) -> QuerySet[Ticket]:
    qs = _in_reach(
        Ticket.objects.select_related("window", "rating", "appeal"), access, "windows.tickets_view"
    )
    if status in TicketStatus.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=TicketStatus.OPEN, deadline__lt=timezone.localdate())
    if window is not None:
        qs = qs.filter(window=window)
    return qs


def overdue_tickets(access: Access) -> QuerySet[Ticket]:
    """Tickets still open after their deadline, oldest deadline first, in the user's reach."""
    return ticket_list(access, overdue=True).order_by("deadline", "pk")


def recent_ratings(window: Unit, *, limit: int = 20) -> QuerySet[Rating]:
    return Rating.objects.filter(window=window).order_by("-created_at")[:limit]


def standard_list() -> list[Standard]:
    return list(Standard.objects.prefetch_related("criteria").order_by("network_type"))


def criteria_by_dimension(standard: Standard, *, active_only: bool = True) -> dict[str, list[Criterion]]:
    """The standard's items under each of the five dimensions, in order (empty lists kept)."""
    groups: dict[str, list[Criterion]] = {d.value: [] for d in Dimension}
    criteria = standard.criteria.all()
    if active_only:
        criteria = criteria.filter(is_active=True)
    for criterion in criteria:
        groups[criterion.dimension].append(criterion)
    return groups


def exemptions(window: Unit) -> dict[int, NotApplicable]:
    """Criterion id → why it does not apply to ``window``."""
    return {e.criterion_id: e for e in NotApplicable.objects.filter(window=window)}


def headline(community: Any, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """The benchmark-window figures of ``start``..``end`` for the reports: the windows in the
    competition, their benchmark titles of the period's years, residents' ratings (from the daily
    rollups, never the ratings), inspections and tickets. Runs in the caller's scope."""
    totals = DailyRollup.objects.filter(day__range=(start, end)).aggregate(
        **{name: Sum(name) for name in LEVEL_FIELDS}
    )
    counts = [totals[name] or 0 for name in LEVEL_FIELDS]
    ratings = sum(counts)
    inspections = Inspection.objects.filter(
        status=InspectionStatus.SUBMITTED, inspected_on__range=(start, end)
    ).aggregate(n=Count("pk"), average=Avg("score"))
    tickets = Ticket.objects.filter(opened_on__range=(start, end)).exclude(status=TicketStatus.WITHDRAWN)
    return {
        "windows": Unit.objects.filter(kind=UnitKind.WINDOW, is_active=True).count(),
        "benchmark_titles": BenchmarkTitle.objects.filter(year__range=(start.year, end.year)).count(),
        "ratings": ratings,
        "satisfaction": Decimal(counts[3] + counts[4]) / ratings if ratings else None,
        "inspections": inspections["n"],
        "average_inspection_score": (
            Decimal(inspections["average"]).quantize(Decimal("0.1")) if inspections["n"] else None
        ),
        "tickets": tickets.count(),
        "tickets_closed": tickets.filter(status=TicketStatus.CLOSED).count(),
        "tickets_overdue": Ticket.objects.filter(
            status=TicketStatus.OPEN, deadline__lt=min(end, timezone.localdate())
        ).count(),
    }


def compared_by_community(
    community_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, dict[str, Any]]:
    """``headline``'s ``ratings``, ``satisfaction`` and ``tickets_overdue`` for every community of
    ``community_ids`` (all in scope), one grouped query each: the company page."""
    levels = {
        row["community_id"]: [row[name] or 0 for name in LEVEL_FIELDS]
        for row in DailyRollup.objects.filter(day__range=(start, end))
        .values("community_id")
        .annotate(**{name: Sum(name) for name in LEVEL_FIELDS})
        .order_by()
    }
    overdue = dict(
        Ticket.objects.filter(status=TicketStatus.OPEN, deadline__lt=min(end, timezone.localdate()))
        .values_list("community_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result = {}
    for cid in community_ids:
        counts = levels.get(cid, [0] * len(LEVEL_FIELDS))
        ratings = sum(counts)
        result[cid] = {
            "ratings": ratings,
            "satisfaction": Decimal(counts[3] + counts[4]) / ratings if ratings else None,
            "tickets_overdue": overdue.get(cid, 0),
        }
    return result


def benchmark_titles(start: datetime.date, end: datetime.date) -> QuerySet[BenchmarkTitle]:
    """The benchmark-window titles of the years of ``start``..``end`` (for the honours register)."""
    return BenchmarkTitle.objects.filter(year__range=(start.year, end.year)).select_related("window")


def policy_for(community: Community) -> Policy:
    """The community's settings, or the defaults (unsaved) when the secretary never set them.

    Read from this process's memo (``lib.memo``, dropped on every change of a policy): the
    public pages and every bad rating need it, and it changes a few times a year.
    """
    row = memo.remember(("windows.policy", community.pk), lambda: _policy_row(community))
    if row is None:
        return Policy(community=community)
    return memo.instance(Policy, row, community=community)


def _policy_row(community: Community) -> tuple | None:
    found = Policy.objects.filter(community=community).first()
    return None if found is None else memo.values(found)


def standard_for(window: Unit) -> Standard | None:
    """The standard of the window's kind of network."""
    network_type = window.parent.network_type if window.parent_id else ""
    return Standard.objects.filter(network_type=network_type).first() if network_type else None


def month_ranking(month: Month) -> list[Any]:
    """The community's window ranking of ``month`` (``ranking.community_ranking``), for notices."""
    from sanjian.windows.ranking import community_ranking

    return community_ranking(month)


def monthly_ratings(start: datetime.date, end: datetime.date) -> dict[Month, tuple[int, Decimal | None]]:
    """Per month of ``start``..``end``: (ratings, satisfaction 0–1), from the daily rollups in
    one grouped query (the dashboard's trend).

    Grouped by day in the database and summed into months here: at most one row per day comes
    back, and no date function runs per rollup row (on SQLite, ``TruncMonth`` is a Python
    function called for every row, which cost more than the rest of the query)."""
    rows = (
        DailyRollup.objects.filter(day__range=(start, end))
        .values("day")
        .annotate(**{name: Sum(name) for name in LEVEL_FIELDS})
        .order_by()
    )
    months: dict[Month, list[int]] = {}
    for row in rows:
        counts = months.setdefault(Month.of(row["day"]), [0] * len(LEVEL_FIELDS))
        for i, name in enumerate(LEVEL_FIELDS):
            counts[i] += row[name] or 0
    result = {}
    for month, counts in months.items():
        total = sum(counts)
        result[month] = (total, Decimal(counts[3] + counts[4]) / total if total else None)
    return result
