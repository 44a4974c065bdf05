"""Small helpers the dedication pages share."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse


def url(request: HttpRequest, name: str, *args: object) -> str:
    return reverse(f"dedication:{name}", args=[request.community.slug, *args])
