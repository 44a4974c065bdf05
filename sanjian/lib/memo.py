"""Rows that every request needs and that almost never change, kept in each process.

The community of the URL, its policy, a window behind a QR code: reading them costs a query
per request (on SQLite more than the rating itself), yet they change a few times a year. So
each process keeps them in a plain dict (``remember``), and every process on the machine drops
its dict when one of them changes (``forget_all``): a *generation* stamp lives in a small
memory-mapped file under ``SANJIAN_DATA_DIR``, which every process reads before it trusts its
dict (a memory read, no system call, no query). Changing a watched model (``watch``) writes a
new stamp at once and again when the transaction commits, so another process cannot keep a
row it read just before the commit.

The file is per machine. With ``REDIS_URL`` (app instances on several machines, or in
containers with data directories of their own) the news goes through Redis instead: a change
publishes on the channel ``sanjian:memo:<database>`` (at once and on commit), and each process keeps one
daemon thread subscribed to it that drops the process's dict when a message arrives, still with
no round trip per request. A process drops its dict too whenever its subscription is
(re)established, since it may have missed messages meanwhile. The news arrives within the
publish's delivery (a millisecond on a LAN), not synchronously as with the file.

As a safety net against a change that bypasses the models' signals (raw SQL,
``QuerySet.update``) or a lost Redis message, an entry also expires after ``MEMO_SECONDS``
(default 300).

What is kept is the rows' values, not model instances: ``instance`` builds a fresh instance per
request, so a view that edits the one it got cannot change what the next request sees.
"""

from __future__ import annotations

import mmap
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import post_delete, post_save

M = TypeVar("M", bound=models.Model)
T = TypeVar("T")
_MISSING = object()

_entries: dict[Any, tuple[float, Any]] = {}
_state: dict[str, Any] = {"seen": b"", "map": None}
_lock = threading.Lock()


def _stamp_file() -> mmap.mmap:
    """The shared 8-byte stamp (a forked worker keeps its parent's mapping: it is shared)."""
    if _state["map"] is None:
        with _lock:
            if _state["map"] is None:
                path = Path(settings.DATA_DIR) / "memo-generation"
                path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    if os.fstat(fd).st_size < 8:
                        os.ftruncate(fd, 8)
                    _state["map"] = mmap.mmap(fd, 8)
                finally:
                    os.close(fd)
    return _state["map"]


def _max_age() -> float:
    return float(settings.MEMO_SECONDS)


def channel() -> str:
    """The Redis channel of the instances that share this database (and so these rows)."""
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    return f"sanjian:memo:{primary.get('HOST') or ''}:{primary.get('PORT') or ''}:{primary['NAME']}"


def _current_stamp() -> bytes:
    """What says whether this process's dict is still good: the machine's file, or with Redis
    the count of messages this process's subscriber has received."""
    if settings.REDIS_URL:
        _ensure_subscriber()
        return _state["received"].to_bytes(8, "little")
    return _stamp_file()[:8]


def remember(key: Any, load: Callable[[], T]) -> T:
    """The value kept under ``key``, or ``load()`` kept from now on (None included)."""
    stamp = _current_stamp()
    if stamp != _state["seen"]:
        _entries.clear()
        _state["seen"] = stamp
    now = time.monotonic()
    found = _entries.get(key, _MISSING)
    if found is not _MISSING and now - found[0] < _max_age():
        return found[1]
    value = load()
    if _current_stamp() == stamp:  # no news arrived while loading: the value may be kept
        _entries[key] = (now, value)
    return value


def forget_all() -> None:
    """Drop what every process keeps (on this machine, or with Redis on every machine): now,
    and again when the transaction of the change commits (a process that read the old row in
    between drops it then)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    if settings.REDIS_URL:
        _redis().publish(channel(), b"1")
    else:
        _stamp_file()[:8] = os.urandom(8)
    _entries.clear()


# --- Redis ------------------------------------------------------------------------------------
_state.update(received=0, subscriber_pid=None, client=None, client_pid=None)


def _redis() -> Any:
    """This process's Redis client (a forked worker makes its own)."""
    if _state["client_pid"] != os.getpid():
        import redis

        _state["client"] = redis.Redis.from_url(settings.REDIS_URL)
        _state["client_pid"] = os.getpid()
    return _state["client"]


def _ensure_subscriber() -> None:
    """One daemon thread per process, subscribed to ``channel()`` (started after a fork too)."""
    if _state["subscriber_pid"] == os.getpid():
        return
    with _lock:
        if _state["subscriber_pid"] == os.getpid():
            return
        _state["subscriber_pid"] = os.getpid()
        ready = threading.Event()
        threading.Thread(target=_listen, args=(ready,), name="sanjian-memo", daemon=True).start()
    ready.wait(timeout=2)  # the first request waits for the subscription, not longer


def _listen(ready: threading.Event) -> None:
    import redis

    while True:
        try:
            pubsub = redis.Redis.from_url(settings.REDIS_URL).pubsub(ignore_subscribe_messages=True)
            pubsub.subscribe(channel())
            pubsub.get_message(timeout=2)  # the subscription's confirmation
            _state["received"] += 1  # anything kept before may have missed news
            ready.set()
            for _message in pubsub.listen():
                _state["received"] += 1
        except redis.RedisError:
            _state["received"] += 1
            ready.set()  # do not hold requests while Redis is away; entries are not kept meanwhile
            time.sleep(1)


def clear_here() -> None:
    """Drop this process's entries only (tests: a rolled-back row id may come back)."""
    _entries.clear()


def watch(*watched: type[models.Model]) -> None:
    """Forget everything whenever a row of these models is saved or deleted."""
    for model in watched:
        post_save.connect(_changed, sender=model, dispatch_uid=f"memo-save-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"memo-delete-{model._meta.label}")


def _changed(**kwargs: Any) -> None:
    forget_all()


def values(obj: models.Model) -> tuple:
    """What ``instance`` needs to build ``obj`` again: its concrete fields' values."""
    return tuple(getattr(obj, f.attname) for f in obj._meta.concrete_fields)


def instance(model: type[M], row: Iterable[Any], **related: models.Model) -> M:
    """A fresh instance of ``model``, as if loaded from the database, from what ``values``
    answered; ``related`` are instances of its foreign keys, attached as ``select_related`` would."""
    names = [f.attname for f in model._meta.concrete_fields]
    obj = model.from_db("default", names, list(row))
    for name, value in related.items():
        obj._state.fields_cache[name] = value
    return obj
