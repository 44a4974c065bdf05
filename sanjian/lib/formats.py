"""Numbers as Chinese readers expect them, for pages, documents and exports alike."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def yuan_text(value: Decimal | int | float | str | None) -> str:
    """Money the Chinese way: ¥12,345.60 (two decimals, thousands grouped); '' for nothing."""
    if value is None or value == "":
        return ""
    return "\u00a5" + number_format(Decimal(value), 2, use_l10n=True, force_grouping=True)


def percent(value: float | Decimal | None, digits: int = 1) -> str:
    """A share between 0 and 1 as a percentage: 0.955 → 95.5%; — for no value."""
    if value is None:
        return "—"
    return number_format(Decimal(str(value)) * 100, digits, use_l10n=True) + "%"
