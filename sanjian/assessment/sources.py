"""Computing automatic indicators from the sources other apps register.

An automatic indicator's value comes from another app's records (window satisfaction, overdue
rectification tickets, verified volunteer hours, meetings held, follow-ups on time…). Each app
registers its own sources in its ``plugins.py`` (``lib.registries.indicator_sources``);
assessment looks them up by key. So assessment never imports the apps that feed it, and a new
app adds indicators without touching assessment.

A source computes a whole batch of units at once (one or a few queries, whatever the number
of units), inside the community scope of the caller, for the period ``start``..``end``
(both inclusive). It answers a value per unit id, or None where the indicator does not apply
or there is nothing to measure: such an indicator drops out of the unit's score.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from sanjian.lib.registries import indicator_sources


def compute(
    key: str, units: Sequence[Any], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """Values of source ``key`` for ``units`` over ``start``..``end``; every unit gets an answer.

    Units the source does not apply to get None without the source being asked.
    """
    source = indicator_sources.get(key)
    if end < start:
        raise ValueError("the period ends before it starts")
    applicable = [u for u in units if u.kind in source.unit_kinds]
    values = dict(source.compute(applicable, start, end)) if applicable else {}
    unknown = set(values) - {u.pk for u in applicable}
    if unknown:
        raise ValueError(f"source {key!r} answered for units it was not asked about: {sorted(unknown)}")
    result: dict[int, Decimal | None] = {u.pk: None for u in units}
    for pk, value in values.items():
        if value is not None and not isinstance(value, Decimal):
            raise TypeError(f"source {key!r} must answer Decimal or None, not {type(value).__name__}")
        result[pk] = value
    return result
