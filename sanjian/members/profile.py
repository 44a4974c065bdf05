"""Sections of a person's page that other apps contribute (dedication hours, activities, health…).

An app registers a section from its ``AppConfig.ready()``::

    from sanjian.members.profile import register_section
    register_section("dedication.hours", "dedication/sections/hours.html", hours_context,
                     perm="dedication.view", order=20)

The person page renders, in order, every section whose permission the user holds (or that is
the user's own page) and whose context function does not answer None. ``context_fn(request,
person)`` runs inside the request's community scope and returns the template's context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Section:
    key: str
    template: str
    context_fn: Callable[[HttpRequest, Any], dict[str, Any] | None]
    perm: str
    order: int = 50
    own_page: bool = True  # shown on the user's own page even without ``perm``


_SECTIONS: dict[str, Section] = {}


def register_section(
    key: str,
    template: str,
    context_fn: Callable[[HttpRequest, Any], dict[str, Any] | None],
    perm: str,
    order: int = 50,
    *,
    own_page: bool = True,
) -> Section:
    existing = _SECTIONS.get(key)
    if existing is not None and existing.context_fn is not context_fn:
        raise ValueError(f"profile section {key!r} is registered twice")
    _SECTIONS[key] = Section(key, template, context_fn, perm, order, own_page)
    return _SECTIONS[key]


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))


def render_sections(request: HttpRequest, person: Any, *, own: bool) -> list[tuple[Section, SafeString]]:
    rendered = []
    for section in sections():
        if not (request.access.can(section.perm) or (own and section.own_page)):
            continue
        context = section.context_fn(request, person)
        if context is not None:
            html = render_to_string(
                section.template, {**context, "person": person, "section": section}, request
            )
            rendered.append((section, mark_safe(html)))
    return rendered
