"""The demo, loaded once per test module (and xdist worker) for the tests that walk it whole.

Loading the demo takes a while; the isolation matrix and the API fuzzing open hundreds of pages
on it, each test inside its own savepoint. The demo is loaded inside a transaction that is rolled
back when the module is done, so no other test ever sees it. Import the fixture into the module:
``from sanjian.testing.demo import demo  # noqa: F401``; a test that reads the demo's records
directly also takes ``yangyi`` (community A, in scope).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django_scopes import scope

from sanjian.lib.demo import DEMO_LOGINS
from sanjian.tenancy.models import Community


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


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[Demo]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        # Check the demo's deferred foreign keys once, here, in the module's transaction. Left
        # pending, PostgreSQL would check them all again at the end of every test: each test's
        # constraint check runs in its savepoint, and rolling that back marks them unchecked.
        connection.check_constraints()
        users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_LOGINS)}
        yield Demo(Community.objects.get(slug="yangyi"), Community.objects.get(slug="guoerzhuang"), users)
        transaction.set_rollback(True)


@pytest.fixture
def yangyi(demo: Demo, db: None) -> Iterator[Any]:
    """The demo's community A with its records in scope, for one test (in its own savepoint)."""
    with scope(community=demo.community.pk):
        yield demo.community
