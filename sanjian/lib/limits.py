"""Fixed-window rate limits that hold across every worker and restart: a key, a limit, a window.

``allows(Limit(key, limit, seconds))`` counts one event under ``key`` and answers whether it is
within ``limit`` events in the window of ``seconds`` that began with the first of them. Any
feature reuses it with keys of its own (``windows:rated:<window>:<ip>``, ``dedication:verify:<ip>``,
a canteen dish's ratings…).

Where the counters live:

* with ``REDIS_URL``: in Redis (``SET key 0 EX seconds NX`` then ``INCR``, one round trip);
* otherwise in the database, table ``lib_counter``: one upsert that answers the new count
  (``INSERT … ON CONFLICT (key) DO UPDATE … RETURNING count``), atomic on both engines, so
  every gunicorn worker and every restart sees the same counter, with no server to add. On
  PostgreSQL the table is unlogged (no WAL). A caller that writes anyway can put the upsert in
  its own transaction (SQLite) or its own statement (``counter_cte``, PostgreSQL): then the
  limit costs no round trip of its own, as the QR rating does.

Expired rows are purged now and then by the upsert's caller (one hit in ``PURGE_EVERY``).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection

PURGE_EVERY = 1000


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` events under ``key`` in a window of ``seconds``."""

    key: str
    limit: int
    seconds: int


def uses_redis() -> bool:
    return bool(settings.REDIS_URL)


def count_in_window(key: str, seconds: int) -> int:
    """Count one more event under ``key``: how many there were in the current window,
    including this one."""
    if uses_redis():
        return _redis_count(key, seconds)
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, upsert_params(key, seconds))
        count = cursor.fetchone()[0]
    maybe_purge()
    return count


def allows(limit: Limit) -> bool:
    """Count one event; True while the count is within the limit."""
    return count_in_window(limit.key, limit.seconds) <= limit.limit


def _redis_count(key: str, seconds: int) -> int:
    name = cache.make_and_validate_key(key)
    client = cache._cache.get_client(name, write=True)
    pipe = client.pipeline(transaction=True)
    pipe.set(name, 0, ex=seconds, nx=True)  # the window starts with the first event
    pipe.incr(name)
    return int(pipe.execute()[1])


# Both SET expressions read the row as it was, so an expired window restarts at one.
UPSERT = (
    "INSERT INTO lib_counter (key, expires, count) VALUES (%s, %s, 1) "
    "ON CONFLICT (key) DO UPDATE SET "
    "count = CASE WHEN lib_counter.expires > %s THEN lib_counter.count + 1 ELSE 1 END, "
    "expires = CASE WHEN lib_counter.expires > %s THEN lib_counter.expires ELSE excluded.expires END "
    "RETURNING count"
)


def upsert_params(key: str, seconds: int) -> list:
    now = int(time.time())
    return [key, now + seconds, now, now]


def counter_cte(name: str = "hit") -> str:
    """The upsert as a ``WITH`` entry (PostgreSQL), for a statement that counts and writes in
    one round trip; its parameters are ``upsert_params`` and it answers ``count``."""
    return f"{name} AS ({UPSERT})"


def maybe_purge() -> None:
    """Delete expired counters, once in ``PURGE_EVERY`` calls (keeps the table small)."""
    if random.randrange(PURGE_EVERY) == 0:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM lib_counter WHERE expires <= %s", [int(time.time())])
