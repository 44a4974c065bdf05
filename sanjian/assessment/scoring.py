"""Scoring rules: how one indicator's value becomes points. Pure functions, no database.

An indicator earns between 0 and its weight. Three rules turn a value into the share of the
weight earned:

- ``linear``: nothing at the floor (or worse), the whole weight at the target (or better),
  in proportion between. The floor is the worst acceptable value: below the target when higher
  is better, above it when lower is better.
- ``bands``: threshold bands, each giving a percentage of the weight; the best band the value
  reaches counts (higher is better: the highest threshold at or below the value; lower is
  better: the lowest threshold at or above it). A value that reaches no band earns nothing.
- ``deduction``: the value is a number of occurrences; each costs ``per_occurrence`` points,
  at most ``cap`` points in all (the whole weight when no cap is set).

Then the line's manual deductions are taken off (never below 0) and its bonuses added, at most
``bonus_cap``. A measured indicator that has deductions or bonuses but no value starts from its
whole weight (checked by deduction from full marks). Points are rounded half up to 0.01.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

POINTS = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


class Rule:
    LINEAR = "linear"
    BANDS = "bands"
    DEDUCTION = "deduction"


def round_points(value: Decimal) -> Decimal:
    return value.quantize(POINTS, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RuleSpec:
    """The parameters of one indicator's rule, as an indicator or a letter's item holds them."""

    rule: str
    higher_is_better: bool = True
    floor: Decimal | None = None
    target: Decimal | None = None
    bands: tuple[tuple[Decimal, Decimal], ...] = ()
    per_occurrence: Decimal | None = None
    cap: Decimal | None = None
    bonus_cap: Decimal = ZERO


def share(spec: RuleSpec, value: Decimal) -> Decimal:
    """The share of the weight (0..1) that ``value`` earns under a linear or bands rule."""
    if spec.rule == Rule.LINEAR:
        return _linear(spec, value)
    if spec.rule == Rule.BANDS:
        return _bands(spec, value)
    raise ValueError(f"rule {spec.rule!r} has no share")


def _linear(spec: RuleSpec, value: Decimal) -> Decimal:
    floor, target = spec.floor, spec.target
    if floor is None or target is None or floor == target:
        raise ValueError("a linear rule needs a floor and a target that differ")
    if not spec.higher_is_better:
        floor, target, value = -floor, -target, -value
    if value >= target:
        return Decimal(1)
    if value <= floor:
        return ZERO
    return (value - floor) / (target - floor)


def _bands(spec: RuleSpec, value: Decimal) -> Decimal:
    if spec.higher_is_better:
        reached = [percent for threshold, percent in spec.bands if value >= threshold]
    else:
        reached = [percent for threshold, percent in spec.bands if value <= threshold]
    return max(reached, default=ZERO) / HUNDRED


def base_points(spec: RuleSpec, weight: Decimal, value: Decimal) -> Decimal:
    """Points (0..weight) that ``value`` earns under the rule, before manual entries."""
    if spec.rule == Rule.DEDUCTION:
        per = spec.per_occurrence or ZERO
        cap = weight if spec.cap is None else min(spec.cap, weight)
        return weight - min(max(value, ZERO) * per, cap)
    return weight * share(spec, value)


def line_points(
    spec: RuleSpec, weight: Decimal, value: Decimal, *, deductions: Decimal = ZERO, bonuses: Decimal = ZERO
) -> tuple[Decimal, Decimal]:
    """(base points, earned points) of one applicable line, both rounded to 0.01."""
    base = round_points(base_points(spec, weight, value))
    return base, after_entries(spec, base, deductions=deductions, bonuses=bonuses)


def after_entries(spec: RuleSpec, base: Decimal, *, deductions: Decimal, bonuses: Decimal) -> Decimal:
    """``base`` less the manual deductions (never below 0), plus the bonuses up to their cap."""
    return round_points(max(base - deductions, ZERO) + min(max(bonuses, ZERO), spec.bonus_cap))


def total_score(lines: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The comprehensive score out of 100 from (weight, earned) of the applicable lines:
    earned ÷ applicable weight × 100. None when nothing applies."""
    weight = earned = ZERO
    for w, e in lines:
        weight += w
        earned += e
    if not weight:
        return None
    return round_points(earned / weight * HUNDRED)


def competition_ranks(scores: Sequence[Decimal | None]) -> list[int | None]:
    """Ranks for ``scores`` (higher first), equal scores sharing a rank: 1, 2, 2, 4. None: unranked."""
    ordered = sorted((s for s in scores if s is not None), reverse=True)
    first = {}
    for position, score in enumerate(ordered, start=1):
        first.setdefault(score, position)
    return [first[s] if s is not None else None for s in scores]


# --- Bands written as text: "95:100, 90:80, 80:60" (threshold: percent of the weight) -----------

_SEPARATORS = re.compile(r"[,;\n\uff0c\uff1b\u3001]+")  # also the full-width comma, semicolon and 、
FULLWIDTH_COLON = chr(0xFF1A)


class BandsError(ValueError):
    """A part of the bands text that is not "threshold:percent"."""

    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.part = part


def parse_bands(text: str) -> tuple[tuple[Decimal, Decimal], ...]:
    """Parse "threshold:percent" pairs; raises BandsError naming the part it cannot read."""
    bands = []
    for part in (p.strip() for p in _SEPARATORS.split(text or "")):
        if not part:
            continue
        pieces = part.replace(FULLWIDTH_COLON, ":").split(":")
        try:
            threshold, percent = (Decimal(p.strip()) for p in pieces)
        except (ValueError, InvalidOperation):
            raise BandsError(part) from None
        if not threshold.is_finite() or not percent.is_finite():
            raise BandsError(part)
        bands.append((threshold, percent))
    return tuple(bands)


def format_bands(bands: Iterable[Sequence[Decimal | str]]) -> str:
    return ", ".join(f"{plain(t)}:{plain(p)}" for t, p in bands)


def plain(value: Decimal | str) -> str:
    return format(Decimal(value).normalize(), "f")
