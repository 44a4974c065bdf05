"""QR codes (segno): the same code as an inline SVG for pages and a PNG for print."""

from __future__ import annotations

import io

import segno


def qr_svg(data: str, *, scale: int = 4, title: str = "") -> str:
    """An inline ``<svg>`` element (no XML declaration) for a page."""
    out = io.BytesIO()
    segno.make(data, error="m").save(
        out, kind="svg", scale=scale, xmldecl=False, svgns=True, title=title or None
    )
    return out.getvalue().decode()


def qr_png(data: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    segno.make(data, error="m").save(out, kind="png", scale=scale, border=2)
    return out.getvalue()
