"""Django's SQLite backend, for connections that stay open across requests.

With ``CONN_MAX_AGE`` a worker keeps one connection for many requests, so the PRAGMAs of
``init_command`` run once, not per request, and no request pays the checkpoint SQLite makes when
the last connection to a WAL database closes. Two things are added for that:

* ``is_usable`` really asks the connection (Django's own answers True without looking), so
  that with ``CONN_HEALTH_CHECKS`` a connection that was closed or broke underneath is replaced
  at the start of the next request instead of failing it;
* the WAL is checkpointed in the background: connections of the app do not checkpoint on
  commit (``wal_autocheckpoint`` is raised to a last-resort 10,000 pages), and one thread, in
  whichever process holds ``<database>-checkpoint.lock``, runs a passive checkpoint every
  ``SQLITE_CHECKPOINT_SECONDS`` (default 1). Passive: it never waits for nor blocks a reader
  or the writer; what it cannot copy now it copies next time.
"""

from __future__ import annotations

import fcntl
import logging
import sqlite3
import threading
import time
from typing import Any

from django.conf import settings
from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)
_checkpointers: dict[str, threading.Thread] = {}
_lock = threading.Lock()


class DatabaseWrapper(base.DatabaseWrapper):
    def get_new_connection(self, conn_params: dict[str, Any]) -> sqlite3.Connection:
        conn = super().get_new_connection(conn_params)
        if not self.is_in_memory_db():
            conn.execute("PRAGMA wal_autocheckpoint=10000")
            start_checkpointer(str(self.settings_dict["NAME"]))
        return conn

    def is_usable(self) -> bool:
        try:
            self.connection.execute("SELECT 1")
        except (sqlite3.Error, AttributeError):
            return False
        return True


def start_checkpointer(path: str) -> None:
    """Start this process's checkpoint thread for ``path`` unless it runs already."""
    with _lock:
        thread = _checkpointers.get(path)
        if thread is not None and thread.is_alive():
            return
        thread = threading.Thread(
            target=_checkpoint_loop, args=(path,), name="sqlite-checkpoint", daemon=True
        )
        _checkpointers[path] = thread
        thread.start()


def _checkpoint_loop(path: str) -> None:
    interval = float(settings.SQLITE_CHECKPOINT_SECONDS)
    with open(f"{path}-checkpoint.lock", "a") as lock:
        while True:  # one process of the machine checkpoints; the others wait their turn
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                time.sleep(interval * 5)
        conn = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
        while True:
            time.sleep(interval)
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
            except sqlite3.Error as exc:  # busy or gone: the next round tries again
                logger.debug("checkpoint of %s skipped: %s", path, exc)
