"""Django's PostgreSQL backend with a health check that costs no round trip under load.

``CONN_HEALTH_CHECKS`` makes Django send ``SELECT 1`` before the first query of every request:
one more round trip than the request needs, as much as the QR rating's own statement. Here a
connection used less than ``HEALTH_CHECK_IDLE`` seconds ago (one second) is trusted when psycopg
has not seen it break; one idle for longer (when a restart of the server may have gone
unnoticed) is asked as before. A connection that breaks under load fails the requests that
were using it, as it would have without the check: Django closes it when they end (it sets
``errors_occurred``) and the next request connects afresh.
"""

from __future__ import annotations

import time

from django.db.backends.postgresql import base

HEALTH_CHECK_IDLE = 1.0


class DatabaseWrapper(base.DatabaseWrapper):
    _used_at = 0.0

    def is_usable(self) -> bool:
        now = time.monotonic()
        recent, self._used_at = now - self._used_at < HEALTH_CHECK_IDLE, now
        if recent and not self.errors_occurred and self.connection is not None:
            return not (self.connection.closed or self.connection.broken)
        return super().is_usable()
