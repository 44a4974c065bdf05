"""Template helpers of the assessment pages."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def plain(value: Decimal | None) -> str:
    """A measured value or target as people write it: 93.3, 100, 0.25 (no trailing zeros)."""
    if value is None or value == "":
        return "—"
    exponent = Decimal(value).normalize().as_tuple().exponent
    return number_format(Decimal(value), max(-int(exponent), 0), use_l10n=True)
