"""Reads of the service app that are more than one ORM call; ``reports`` (the layer above)
reads the app through ``headline`` and ``flag_awards`` only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils.translation import gettext as _

from sanjian.lib.dates import Month
from sanjian.service.models import (
    Banquet,
    CleaningArea,
    CleaningShift,
    Competition,
    Dish,
    Entrant,
    Inspection,
    Room,
    RoomAssignment,
    Round,
    RoundStatus,
    Standing,
)
from sanjian.service.services.cleaning import DAY_MINUTES, minutes_of
from sanjian.tenancy.models import Community


def deductions_by_attendant(
    community: Community, start: datetime.date, end: datetime.date
) -> list[dict[str, Any]]:
    """Points deducted on floor inspections of ``start``..``end``, per attendant responsible on
    the day (``attendant``: the person's id; ``deducted``; ``inspections``), most deducted first."""
    rows = (
        Inspection.objects.filter(
            community=community,
            inspected_on__range=(start, end),
            attendant__isnull=False,
            floor__isnull=False,
        )
        .values("attendant")
        .annotate(deducted=Sum("deducted"), inspections=Count("pk"))
        .order_by("-deducted", "attendant")
    )
    return list(rows)


def beds(community: Community, day: datetime.date) -> dict[str, int]:
    """Rooms and beds in use, and the beds taken on ``day``."""
    rooms = Room.objects.filter(community=community, is_active=True).aggregate(
        rooms=Count("pk"), beds=Sum("capacity")
    )
    occupied = RoomAssignment.objects.filter(community=community, check_in__lte=day).filter(
        Q(check_out__isnull=True) | Q(check_out__gte=day)
    )
    return {"rooms": rooms["rooms"] or 0, "beds": rooms["beds"] or 0, "occupied_beds": occupied.count()}


@dataclass(frozen=True)
class Stretch:
    """A part of the day in minutes, [start, end), with who covers it ('' for a gap)."""

    start: int
    end: int
    who: str = ""

    @property
    def left(self) -> float:  # for the timeline: percent of the day
        return round(self.start * 100 / DAY_MINUTES, 2)

    @property
    def width(self) -> float:
        return round((self.end - self.start) * 100 / DAY_MINUTES, 2)

    @property
    def label(self) -> str:
        def hm(m: int) -> str:
            return f"{m // 60:02d}:{m % 60:02d}"

        return f"{hm(self.start)}–{hm(self.end)}"


def shifts_on(area: CleaningArea, day: datetime.date) -> list[CleaningShift]:
    return list(
        CleaningShift.objects.filter(area=area, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .select_related("person")
    )


def coverage(shifts: list[CleaningShift]) -> tuple[list[Stretch], list[Stretch]]:
    """The stretches the shifts cover, and the gaps they leave in 00:00–24:00."""
    covered = sorted(
        (Stretch(a, b, shift.person.name) for shift in shifts for a, b in minutes_of(shift)),
        key=lambda s: (s.start, s.end),
    )
    gaps, reached = [], 0
    for stretch in covered:
        if stretch.start > reached:
            gaps.append(Stretch(reached, stretch.start))
        reached = max(reached, stretch.end)
    if reached < DAY_MINUTES:
        gaps.append(Stretch(reached, DAY_MINUTES))
    return covered, gaps


def cleaned_area(community: Community, day: datetime.date) -> Decimal:
    """The m² of the areas cleaned on ``day``."""
    total = (
        CleaningArea.objects.filter(community=community, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .aggregate(total=Sum("size_m2"))["total"]
    )
    return total or Decimal(0)


def cleaned_area_by_month(community: Community, year: int) -> list[tuple[Month, Decimal]]:
    """The cleaned area at the end of each month of ``year`` (a month not begun yet: left out)."""
    areas = list(
        CleaningArea.objects.filter(community=community).values_list("size_m2", "starts_on", "ends_on")
    )
    today = datetime.date.today()
    rows = []
    for number in range(1, 13):
        month = Month(year, number)
        if month.start > today:
            break
        day = min(month.end, today)
        rows.append(
            (month, sum((m2 for m2, a, b in areas if a <= day and (b is None or b >= day)), Decimal(0)))
        )
    return rows


@dataclass(frozen=True)
class FlagAward:
    """A red flag awarded (confirmed by the committee) to a unit for one round."""

    unit: str  # the unit's name
    community: str  # the unit's community
    competition: str
    month: datetime.date  # the first day of the round


def _awarded(start: datetime.date, end: datetime.date) -> QuerySet:
    """Confirmed flags (of the communities in scope) in rounds whose month starts in ``start``..``end``."""
    return Standing.objects.filter(
        awarded=True, round__status=RoundStatus.CONFIRMED, round__month__range=(start, end)
    )


def flag_awards(community: Community, start: datetime.date, end: datetime.date) -> list[FlagAward]:
    """The confirmed red flags won by ``community``'s units in rounds starting in ``start``..``end``,
    in round order."""
    rows = (
        _awarded(start, end)
        .filter(community=community)
        .select_related("entrant__unit", "round__competition")
        .order_by("round__month", "round__competition__name", "entrant__unit__name")
    )
    return [
        FlagAward(s.entrant.unit.name, community.name, s.round.competition.name, s.round.month) for s in rows
    ]


def flags_by_unit(competition: Competition) -> list[dict[str, Any]]:
    """Per competing unit of the communities in scope: flags won in the competition's confirmed
    rounds, and the months they span ("1–10月：获得6次"), most flags first."""
    confirmed = list(
        Round.objects.filter(competition=competition, status=RoundStatus.CONFIRMED).values_list(
            "month", flat=True
        )
    )
    won = dict(
        Standing.objects.filter(
            round__competition=competition, round__status=RoundStatus.CONFIRMED, awarded=True
        )
        .values("entrant")
        .annotate(n=Count("pk"))
        .values_list("entrant", "n")
    )
    rows = [
        {"entrant": e, "flags": won.get(e.pk, 0)}
        for e in Entrant.objects.filter(competition=competition).select_related("unit")
    ]
    rows.sort(key=lambda r: (-r["flags"], r["entrant"].unit.name))
    span = (min(confirmed), max(confirmed)) if confirmed else None
    for row in rows:
        row["text"] = flag_text(span, row["flags"])
    return rows


def flag_text(span: tuple[datetime.date, datetime.date] | None, flags: int) -> str:
    """ "1–10月：获得6次" in the reader's language; '' before any round is awarded."""
    if span is None:
        return ""
    first, last = span
    if first.year != last.year:
        return _("%(first)s – %(last)s: won %(n)d times") % {
            "first": f"{first:%Y-%m}",
            "last": f"{last:%Y-%m}",
            "n": flags,
        }
    return _("Months %(first)d–%(last)d: won %(n)d times") % {
        "first": first.month,
        "last": last.month,
        "n": flags,
    }


def headline(community: Community, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """The figures a work report quotes for ``start``..``end`` (beds: as of ``end``).

    Keys: flags_won, inspections, average_inspection_score (Decimal, 0.01, None without
    inspections), rooms, beds, occupied_beds, cleaned_area_m2 (Decimal), dishes, banquets.
    """
    done = Inspection.objects.filter(community=community, inspected_on__range=(start, end)).aggregate(
        n=Count("pk"), avg=Avg("score")
    )
    average = done["avg"]
    if average is not None:
        average = Decimal(str(average)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {
        "flags_won": len(flag_awards(community, start, end)),
        "inspections": done["n"],
        "average_inspection_score": average,
        **beds(community, end),
        "cleaned_area_m2": cleaned_area(community, end),
        "dishes": Dish.objects.filter(community=community, week__range=(start, end)).count(),
        "banquets": Banquet.objects.filter(community=community, held_on__range=(start, end)).count(),
    }


def compared_by_community(
    community_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, dict[str, Any]]:
    """``headline``'s ``flags_won`` for every community of ``community_ids`` (all in scope), in
    one grouped query: the company page."""
    won = dict(_awarded(start, end).values_list("community_id").annotate(n=Count("pk")).order_by())
    return {cid: {"flags_won": won.get(cid, 0)} for cid in community_ids}
