"""PDF documents rendered from Django templates with WeasyPrint.

Chinese needs a CJK font on the machine (Debian's fonts-noto-cjk, which .ci/run installs);
``lib/templates/lib/pdf_base.html`` names it, sets A4 and styles table borders with CSS
(WeasyPrint ignores HTML border attributes).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict[str, Any], *, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango, which pages without PDFs never need

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(
    template: str,
    context: dict[str, Any],
    *,
    filename: str,
    request: HttpRequest | None = None,
    inline: bool = False,
) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context, request=request), content_type="application/pdf")
    response["Content-Disposition"] = _disposition(filename, inline=inline)
    return response


def _disposition(filename: str, *, inline: bool) -> str:
    from django.utils.http import content_disposition_header

    return content_disposition_header(not inline, filename)
