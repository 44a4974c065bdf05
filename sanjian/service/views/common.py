"""What the service app's views share: links, the managers' check and the Excel answer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sanjian.lib.excel import write_sheet, xlsx_response
from sanjian.tenancy.access import community_url


def url(request: HttpRequest, name: str, *args: object) -> str:
    return community_url(request, f"service:{name}", *args)


def can(request: HttpRequest, perm: str) -> bool:
    return request.access.can(perm)


def wants_excel(request: HttpRequest) -> bool:
    return request.GET.get("format") == "xlsx"


def excel(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, name: str) -> HttpResponse:
    """Every list of the app answers ?format=xlsx with the rows it shows."""
    content = write_sheet(headers, rows, title=title)
    return xlsx_response(content, f"{name}-{timezone.localdate():%Y%m%d}.xlsx")
