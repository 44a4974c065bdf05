"""Inspection scores on a deduction sheet, as pure functions of its items and deductions.

Shared by every app that inspects against a points sheet (windows, service): an item has points
and a cap on what its deductions take off; a veto item zeroes the whole score.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class LineScore:
    points: Decimal
    deduction_cap: Decimal
    is_veto: bool
    applicable: bool
    veto_triggered: bool
    deductions: Sequence[Decimal]

    @property
    def deducted(self) -> Decimal:
        """What the deductions take off: their sum, but never more than the item's cap."""
        return min(sum(self.deductions, Decimal(0)), self.deduction_cap)

    @property
    def earned(self) -> Decimal:
        return self.points - self.deducted


@dataclass(frozen=True)
class Score:
    applicable: Decimal
    earned: Decimal
    vetoed: bool
    value: Decimal | None  # 0–100; None when no item applies


def score(lines: Iterable[LineScore]) -> Score:
    """Points earned ÷ points applicable × 100, rounded half up to 0.01; 0 when a veto item of
    an applicable line is triggered. Items not applicable count neither way."""
    applicable = earned = Decimal(0)
    vetoed = False
    for line in lines:
        if not line.applicable:
            continue
        if line.is_veto:
            vetoed = vetoed or line.veto_triggered
            continue
        applicable += line.points
        earned += line.earned
    if vetoed:
        return Score(applicable, earned, True, Decimal("0.00"))
    if not applicable:
        return Score(applicable, earned, False, None)
    value = (earned / applicable * 100).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)
    return Score(applicable, earned, False, value)
