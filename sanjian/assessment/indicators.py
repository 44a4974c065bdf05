"""The assessment platform's own automatic indicator: cost variance against the quotas."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from sanjian.assessment.models import CostItem
from sanjian.org.models import Unit


def cost_variance_rate(
    units: Sequence[Unit], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """A unit's mean variance rate (%) over its cost items of the period that have an actual
    amount: (actual − quota) ÷ quota × 100 per item, each item counting the same whatever its
    measure (a cost per meal sits beside a monthly total). None without such items."""
    rates: dict[int, list[Decimal]] = defaultdict(list)
    rows = CostItem.objects.filter(
        unit__in=units, period__start=start, period__end=end, actual__isnull=False
    ).values_list("unit_id", "quota", "actual")
    for unit_id, quota, actual in rows:
        rates[unit_id].append((actual - quota) / quota * 100)
    return {
        unit_id: (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        for unit_id, values in rates.items()
    }
