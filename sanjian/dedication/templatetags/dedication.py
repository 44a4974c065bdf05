"""Template helpers of the dedication pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def can(access: Any, perm: str) -> bool:
    """``{% if access|can:"dedication.organise" %}``: whether the page's user holds ``perm``."""
    return access is not None and access.can(perm)


@register.filter
def bar(percent: int | None) -> int:
    """A progress bar's width: the share of the target, at most the whole bar."""
    return max(0, min(int(percent or 0), 100))


@register.simple_tag(takes_context=True)
def verifies(context: template.Context) -> bool:
    """Whether the page's user verifies anyone's hours (a leader, an organiser, a branch secretary)."""
    from sanjian.dedication.views.hours import verifiable

    request = context.get("request")
    access = getattr(request, "access", None)
    return access is not None and access.can("dedication.organise") and verifiable(request) is not None
