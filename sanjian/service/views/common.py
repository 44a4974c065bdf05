"""What the service app's views share: links and the managers' check (lists export through
``lib.views.list_page``)."""

from __future__ import annotations

from django.http import HttpRequest

from sanjian.tenancy.access import community_url


def url(request: HttpRequest, name: str, *args: object) -> str:
    return community_url(request, f"service:{name}", *args)


def can(request: HttpRequest, perm: str) -> bool:
    return request.access.can(perm)
