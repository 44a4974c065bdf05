"""Rows that every request needs and that almost never change, kept in each process.

The community of the URL, its policy, a window behind a QR code: reading them costs a query
per request (on SQLite more than the rating itself), yet they change a few times a year. So
each process keeps them in a plain dict (``remember``), and every process on the machine drops
its dict when one of them changes (``forget_all``): a *generation* stamp lives in a small
memory-mapped file under ``SANJIAN_DATA_DIR``, which every process reads before it trusts its
dict (a memory read, no system call, no query). Changing a watched model (``watch``) writes a
new stamp at once and again when the transaction commits, so another process cannot keep a
row it read just before the commit.

The file is per machine: app servers on several machines sharing one database would each keep
their own stamps. As a safety net against a change that bypasses the models' signals (raw SQL,
``QuerySet.update``) an entry also expires after ``MEMO_SECONDS`` (default 300).

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
from django.db import models, transaction
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


def remember(key: Any, load: Callable[[], T]) -> T:
    """The value kept under ``key``, or ``load()`` kept from now on (None included)."""
    stamp = _stamp_file()[:8]
    if stamp != _state["seen"]:
        _entries.clear()
        _state["seen"] = stamp
    now = time.monotonic()
    found = _entries.get(key, _MISSING)
    if found is not _MISSING and now - found[0] < _max_age():
        return found[1]
    value = load()
    _entries[key] = (now, value)
    return value


def forget_all() -> None:
    """Drop what every process on this machine keeps: now, and again when the transaction of
    the change commits (a process that read the old row in between drops it then)."""
    _bump()
    transaction.on_commit(_bump)


def _bump() -> None:
    _stamp_file()[:8] = os.urandom(8)
    _entries.clear()


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
