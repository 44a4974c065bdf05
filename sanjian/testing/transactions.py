"""A transaction that outlives one test: for fixtures of a wider scope than a test's."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction


@contextmanager
def rolled_back(django_db_blocker: Any) -> Iterator[None]:
    """Database access and a transaction that is rolled back at the end, whatever happens in it:
    what a module-scoped fixture builds in it is seen by the module's tests (each in its own
    savepoint inside it) and by no other test."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
