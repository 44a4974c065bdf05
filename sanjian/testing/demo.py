"""The demo, loaded once per xdist worker for the tests that walk it whole.

Loading the demo takes tens of seconds. It used to be loaded once per module that asked for it
(and again whenever xdist split a module between its chunks): about twenty-five loads, half
of the suite's time. Now it is loaded once per worker, inside a transaction that no other test
sees, and each module that takes it works in a savepoint of that transaction, rolled back when
the module is done: a module sees the demo exactly as ``load_demo`` leaves it, as before.

How no other test sees it: the root conftest orders the tests that take the demo after all the
others (xdist hands each worker its tests in that order), and before any test that does not take
the demo, the demo is rolled back if it is loaded (``release``), to be loaded again by the next
module that asks for it. So the order only saves time; it never decides what a test sees.

Import the fixture into the module: ``from sanjian.testing.demo import demo  # noqa: F401``; a
test that reads the demo's records directly also takes ``yangyi`` (community A, in scope).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_scopes import scope

from sanjian.lib.demo import DEMO_LOGINS
from sanjian.tenancy.models import Community
from sanjian.testing.transactions import rolled_back


@dataclass
class Demo:
    """The demo's community A (阳邑), community B (郭二庄) and its logins by name."""

    community: Any
    other_community: Any
    users: dict[str, Any]

    def client(self, who: str | None) -> Client:
        """A test client logged in as the demo login ``who`` (None: anonymous)."""
        client = Client()
        if who is not None:
            client.force_login(self.users[who])
        return client


class _Loaded:
    """The demo of this worker: loaded in an open transaction, rolled back by ``release``."""

    def __init__(self) -> None:
        self._stack: ExitStack | None = None
        self.modules = 0  # modules working in a savepoint of it now

    def load(self, blocker: Any) -> None:
        if self._stack is not None:
            return
        with ExitStack() as stack:
            stack.enter_context(rolled_back(blocker))
            call_command("load_demo", verbosity=0)
            # Check the demo's deferred foreign keys once, here. Left pending, PostgreSQL would
            # check them all again at the end of every test: each test's constraint check runs in
            # its savepoint, and rolling that back marks them unchecked.
            connection.check_constraints()
            self._stack = stack.pop_all()  # kept open until ``release``

    def release(self) -> None:
        """Roll the demo back (nothing to do when it is not loaded, or a module still uses it)."""
        if self._stack is None or self.modules:
            return
        stack, self._stack = self._stack, None
        stack.close()


loaded = _Loaded()


def uses_demo(item: pytest.Item) -> bool:
    """Whether a collected test takes the demo (directly or through another fixture)."""
    return "demo" in getattr(item, "fixturenames", ())


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    loaded.load(django_db_blocker)
    loaded.modules += 1
    try:
        with rolled_back(django_db_blocker):
            users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_LOGINS)}
            yield Demo(Community.objects.get(slug="yangyi"), Community.objects.get(slug="guoerzhuang"), users)
    finally:
        loaded.modules -= 1


@pytest.fixture
def yangyi(demo: Demo, db: None) -> Iterator[Any]:
    """The demo's community A with its records in scope, for one test (in its own savepoint)."""
    with scope(community=demo.community.pk):
        yield demo.community
