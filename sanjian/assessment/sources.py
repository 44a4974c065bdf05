"""The registry of automatic indicator sources.

An automatic indicator's value comes from another app's records (window satisfaction, overdue
rectification tickets, verified volunteer hours, meetings held, follow-ups on time…). Each app
registers its own sources from ``AppConfig.ready()``; assessment looks them up by key. This
module imports no domain app, so assessment never depends on the apps that feed it, and a new
app adds indicators without touching assessment.

A source computes a whole batch of units at once (one or a few queries, whatever the number
of units), inside the community scope of the caller, for the period ``start``..``end``
(both inclusive). It answers a value per unit id, or None where the indicator does not apply
or there is nothing to measure: such an indicator drops out of the unit's score.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise

Compute = Callable[[Sequence[Any], datetime.date, datetime.date], Mapping[int, Decimal | None]]


@dataclass(frozen=True)
class Source:
    key: str  # "<app>.<what>", e.g. "windows.satisfaction_rate"
    label: str | Promise
    measure: str | Promise  # the unit of measure shown beside a value: "%", "小时"…
    unit_kinds: frozenset[str]  # the org.UnitKind values it can be computed for
    compute: Compute = field(compare=False)
    higher_is_better: bool = True
    description: str | Promise = ""


_SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    existing = _SOURCES.get(source.key)
    if existing is not None and existing.compute is not source.compute:
        raise ValueError(f"indicator source {source.key!r} is registered twice")
    _SOURCES[source.key] = source
    return source


def get(key: str) -> Source:
    try:
        return _SOURCES[key]
    except KeyError:
        raise KeyError(f"no indicator source {key!r}: is the app that provides it installed?") from None


def all_sources() -> list[Source]:
    return sorted(_SOURCES.values(), key=lambda s: s.key)


def compute(
    key: str, units: Sequence[Any], start: datetime.date, end: datetime.date
) -> dict[int, Decimal | None]:
    """Values of source ``key`` for ``units`` over ``start``..``end``; every unit gets an answer.

    Units the source does not apply to get None without the source being asked.
    """
    source = get(key)
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
