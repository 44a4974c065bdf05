"""Facts about the HTTP request that several apps need."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


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


def count_in_window(key: str, seconds: int) -> int:
    """Count one more event under ``key`` in the cache and answer how many there were in the
    window that began with the first of them (``seconds`` long): a fixed-window rate counter.

    The increment is atomic in the local-memory cache and in Redis. The local-memory cache is
    per process, so with several gunicorn workers each counts on its own; with ``REDIS_URL``
    every worker shares one counter.
    """
    cache.add(key, 0, seconds)  # starts the window at the first event
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, seconds)
        return 1
