"""Money is ``Decimal`` yuan with two places, rounded half up as Chinese accounting does."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def yuan(value: Decimal | int | str) -> Decimal:
    """``value`` as yuan and fen: Decimal('12.345') → Decimal('12.35'). Floats are refused."""
    if isinstance(value, float):
        raise TypeError("money is never a float: pass a Decimal, an int or a str")
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def rate(part: Decimal | int, whole: Decimal | int, places: int = 4) -> Decimal | None:
    """``part / whole`` as a Decimal with ``places`` decimals, or None when ``whole`` is zero."""
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
