"""Numbers as Chinese readers expect them, for pages, documents and exports alike."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format


def yuan_text(value: Decimal | int | float | str | None) -> str:
    """Money the Chinese way: ¥12,345.60 (two decimals, thousands grouped), the sign before the
    currency (-¥14.64, never ¥-14.64); '' for nothing."""
    if value is None or value == "":
        return ""
    amount = (Decimal(str(value)) if isinstance(value, float) else Decimal(value)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    sign = "-" if amount < 0 else ""
    return sign + "\u00a5" + number_format(abs(amount), 2, use_l10n=True, force_grouping=True)


def percent(value: float | Decimal | None, digits: int = 1) -> str:
    """A share between 0 and 1 as a percentage: 0.955 → 95.5%; — for no value."""
    if value is None:
        return "—"
    return number_format(Decimal(str(value)) * 100, digits, use_l10n=True) + "%"


def points_text(value: Decimal | int | None) -> str:
    """Points as written on a score sheet: 20, 1.5, 95.25 (no trailing zeros, never 2E+1)."""
    if value is None:
        return "—"
    text = format(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
