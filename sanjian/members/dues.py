"""Party dues tiers (党费收缴标准) for a declared after-tax monthly income.

Working members: up to 3,000 yuan 0.5%; above 3,000 up to 5,000 1%; above 5,000 up to 10,000
1.5%; above 10,000 2%. Retired members: up to 5,000 0.5%; above 5,000 1%. The rate applies to the
whole income (not bracket by bracket), as the Party's rules say; a boundary belongs to the lower
tier ("3,000 yuan and below"). Money is Decimal yuan rounded half up to the fen.

Some members pay a fixed amount whatever their income: students supported by their parents or by
work-study, laid-off or unemployed members in real hardship, members living on the minimum
allowance (dibao) or relief pay 0.20 yuan a month; farmer members pay 0.20 to 2 yuan a month, the
amount their branch agrees with them (declared on the base).
"""

from __future__ import annotations

from decimal import Decimal

from sanjian.lib.money import yuan
from sanjian.members.models.dues import DuesCategory

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


#: the fixed monthly dues of the hardship categories
HARDSHIP_DUES = Decimal("0.20")
#: the range of a farmer member's declared monthly dues, both ends included
FARMER_DUES = (Decimal("0.20"), Decimal("2.00"))


def farmer_amount_valid(amount: Decimal | None) -> bool:
    return amount is not None and FARMER_DUES[0] <= amount <= FARMER_DUES[1]


def dues_rate(income: Decimal, *, retired: bool) -> Decimal:
    if isinstance(income, float):
        raise TypeError("income is never a float: pass a Decimal")
    if income < 0:
        raise ValueError("income cannot be negative")
    for bound, tier_rate in RETIRED_TIERS if retired else WORKING_TIERS:
        if bound is None or income <= bound:
            return tier_rate
    raise AssertionError("the last tier has no bound")


def monthly_dues(
    income: Decimal,
    *,
    retired: bool,
    category: str = DuesCategory.INCOME,
    fixed: Decimal | None = None,
) -> Decimal:
    """The monthly dues for ``income`` (after-tax yuan a month) in ``category``; ``fixed`` is a
    farmer member's declared amount. Raises ValueError for a farmer amount outside 0.20–2 yuan."""
    if category in (DuesCategory.STUDENT, DuesCategory.UNEMPLOYED, DuesCategory.RELIEF):
        return HARDSHIP_DUES
    if category == DuesCategory.FARMER:
        if not farmer_amount_valid(fixed):
            raise ValueError("a farmer member's dues are 0.20 to 2.00 yuan a month")
        return yuan(fixed)
    income = Decimal(income) if isinstance(income, int | str) else income
    return yuan(income * dues_rate(income, retired=retired))
