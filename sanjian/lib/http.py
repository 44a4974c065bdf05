"""Facts about the HTTP request that several apps need."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

# The fixed-window counter several apps import from here; it lives in lib.limits.
from sanjian.lib.limits import count_in_window  # noqa: F401


def client_ip(request: HttpRequest) -> str:
    """The client's address, trusting exactly ``PROXY_COUNT`` reverse proxies in front of the app.

    Behind nginx, REMOTE_ADDR is the proxy; the client is the address the outermost trusted
    proxy saw, i.e. the ``PROXY_COUNT``-th entry from the right of X-Forwarded-For. Entries left
    of it were written by the client and are not trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    return forwarded[-count] if len(forwarded) >= count else remote
