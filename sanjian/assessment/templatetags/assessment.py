"""Template helpers of the assessment pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from sanjian.assessment import measures

register = template.Library()


@register.filter
def plain(value: Decimal | None) -> str:
    """A measured value or target as people write it: 93.3, 100, 0.25 (no trailing zeros)."""
    if value is None or value == "":
        return "—"
    return measures.plain_number(value)


@register.filter
def measured(value: Decimal | None, measure: str) -> str:
    """A value with its unit in the reader's language: 91.5分, or 91.5 points in English."""
    return measures.measured(value, measure)


@register.filter
def unit(measure: str) -> str:
    """A unit of measure alone, translated when it is a known one (分 → points)."""
    return measures.unit_label(measure)
