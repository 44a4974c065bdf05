"""Dashboard panels, contributed by the apps that own the figures.

An app registers a ``Panel`` from its ``AppConfig.ready()``: a template and a function that
returns the template's context from the app's own selectors. The dashboard shows the panels the
user's role may see, in order, so that the dashboard grows with the apps without any app
editing it. ``kind="figure"`` panels are the small cards of the top row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any] | None]
    perm: str
    order: int = 50
    kind: str = "panel"  # "figure" (a card in the top row) or "panel" (a box in the grid)
    width: str = "col-lg-6"


_PANELS: dict[str, Panel] = {}


def register(*panels: Panel) -> None:
    for panel in panels:
        if panel.kind not in ("figure", "panel"):
            raise ValueError(f"unknown panel kind {panel.kind!r}")
        _PANELS[panel.key] = panel


def render_panels(request: HttpRequest, kind: str) -> list[tuple[Panel, SafeString]]:
    """The user's panels of ``kind``, rendered; a panel whose context is None is left out."""
    rendered = []
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if panel.kind != kind or not request.access.can(panel.perm):
            continue
        context = panel.context(request)
        if context is not None:
            html = render_to_string(panel.template, {**context, "panel": panel}, request=request)
            rendered.append((panel, mark_safe(html)))
    return rendered
