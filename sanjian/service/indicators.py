"""The service app's automatic indicators for the assessment platform (``lib.registries``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count

from sanjian.org.models import Unit
from sanjian.service.models import RoundStatus, Standing


def red_flags(units: Sequence[Unit], start: datetime.date, end: datetime.date) -> dict[int, Decimal | None]:
    """Red flags won by each unit in confirmed rounds whose month starts in the period, over every
    competition; 0 for a unit that won none."""
    ids = [u.pk for u in units]
    won = dict(
        Standing.objects.filter(
            entrant__unit__in=ids,
            awarded=True,
            round__status=RoundStatus.CONFIRMED,
            round__month__range=(start, end),
        )
        .values("entrant__unit")
        .annotate(n=Count("pk"))
        .values_list("entrant__unit", "n")
    )
    return {pk: Decimal(won.get(pk, 0)) for pk in ids}
