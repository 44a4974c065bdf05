"""Party dues tiers (党费收缴标准) for a declared after-tax monthly income.

Working members: up to 3,000 yuan 0.5%; above 3,000 up to 5,000 1%; above 5,000 up to 10,000
1.5%; above 10,000 2%. Retired members: up to 5,000 0.5%; above 5,000 1%. The rate applies to the
whole income (not bracket by bracket), as the Party's rules say; a boundary belongs to the lower
tier ("3,000 yuan and below"). Money is Decimal yuan rounded half up to the fen.
"""

from __future__ import annotations

from decimal import Decimal

from sanjian.lib.money import yuan

#: (upper bound inclusive, or None for no bound; rate)
WORKING_TIERS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("3000"), Decimal("0.005")),
    (Decimal("5000"), Decimal("0.01")),
    (Decimal("10000"), Decimal("0.015")),
    (None, Decimal("0.02")),
)
RETIRED_TIERS: tuple[tuple[Decimal | None, Decimal], ...] = (
    (Decimal("5000"), Decimal("0.005")),
    (None, Decimal("0.01")),
)


def dues_rate(income: Decimal, *, retired: bool) -> Decimal:
    if isinstance(income, float):
        raise TypeError("income is never a float: pass a Decimal")
    if income < 0:
        raise ValueError("income cannot be negative")
    for bound, tier_rate in RETIRED_TIERS if retired else WORKING_TIERS:
        if bound is None or income <= bound:
            return tier_rate
    raise AssertionError("the last tier has no bound")


def monthly_dues(income: Decimal, *, retired: bool) -> Decimal:
    """The monthly dues for ``income`` (after-tax yuan a month)."""
    income = Decimal(income) if isinstance(income, int | str) else income
    return yuan(income * dues_rate(income, retired=retired))
