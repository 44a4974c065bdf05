"""The read-replica router: boards, dashboards and exports read the replica, the rest the primary.

The router is tested on its own (which alias it answers), then through real requests: a
``replica`` alias is registered for the test as the very connection of ``default`` (so the
view's queries run and see the test's rows), and a spy records the router's answer for every
read, so each test says where each request's reads went.
"""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test import Client, RequestFactory, override_settings
from django.utils import timezone

from sanjian.lib import replica
from sanjian.lib.replica import PIN_COOKIE, REPLICA, ReplicaRouter, replica_reads
from sanjian.windows.models import Rating
from sanjian.windows.tests.factories import give_rating
from sanjian.windows.tokens import board_token, window_token

router = ReplicaRouter()


def _answers_inside(method: str = "GET", cookies: dict | None = None, body=None) -> list[str]:
    """What the router answers for a Rating read made by a view marked ``replica_reads``."""
    seen: list[str] = []

    @replica_reads
    def view(request):
        seen.append(router.db_for_read(Rating))
        if body:
            body()
        seen.append(router.db_for_read(Rating))
        return None

    request = getattr(RequestFactory(), method.lower())("/")
    request.COOKIES.update(cookies or {})
    view(request)
    return seen


def test_reads_outside_a_marked_view_and_every_write_go_to_the_primary():
    assert router.db_for_read(Rating) == DEFAULT_DB_ALIAS
    assert router.db_for_write(Rating) == DEFAULT_DB_ALIAS
    assert _answers_inside() == [REPLICA, REPLICA]
    assert router.db_for_read(Rating) == DEFAULT_DB_ALIAS  # the mark ends with the view


@pytest.mark.django_db
def test_a_marked_view_reads_the_primary_after_it_writes(world):
    def write():
        assert router.db_for_write(Rating) == DEFAULT_DB_ALIAS  # asking is no write yet
        assert router.db_for_read(Rating) == REPLICA
        Session.objects.create(session_key="k" * 32, session_data="", expire_date=timezone.now())

    assert _answers_inside(body=write) == [REPLICA, DEFAULT_DB_ALIAS]


def test_a_marked_view_reads_the_primary_for_a_post_or_after_this_browser_wrote():
    assert _answers_inside("POST") == [DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]
    assert _answers_inside(cookies={PIN_COOKIE: "1"}) == [DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]


@pytest.mark.django_db(transaction=True)  # no test case transaction around the view's own
def test_reads_inside_a_transaction_and_of_sessions_go_to_the_primary():
    seen: list[str] = []

    @replica_reads
    def view(request):
        seen.append(router.db_for_read(Session))
        with transaction.atomic():
            seen.append(router.db_for_read(Rating))

    view(RequestFactory().get("/"))
    assert seen == [DEFAULT_DB_ALIAS, DEFAULT_DB_ALIAS]


def test_the_replica_is_never_migrated():
    assert router.allow_migrate(REPLICA, "windows") is False
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "windows") is True


@pytest.fixture
def routed(monkeypatch):
    """The router installed, ``replica`` served by the default connection, every read recorded."""
    reads: list[tuple[str, str]] = []
    real = ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        alias = real(self, model, **hints)
        reads.append((model._meta.label, alias))
        return alias

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    connections[REPLICA] = connections[DEFAULT_DB_ALIAS]
    with override_settings(
        DATABASE_REPLICA_URL="postgres://replica.invalid/sanjian",
        DATABASE_ROUTERS=["sanjian.lib.replica.ReplicaRouter"],
    ):
        yield reads
    del connections[REPLICA]


def test_the_tv_board_reads_its_ranking_from_the_replica(world, routed):
    give_rating(world.units["window"], 5)
    url = world.url(f"windows/board/{board_token(world.community, 1)}/")
    routed.clear()
    response = Client().get(url)
    assert response.status_code == 200 and "甲窗口" in response.content.decode()
    replica_reads_ = {label for label, alias in routed if alias == REPLICA}
    assert "windows.DailyRollup" in replica_reads_
    assert all(alias == REPLICA for label, alias in routed if label == "windows.DailyRollup")


def test_the_dashboard_reads_the_replica_and_its_access_check_the_primary(world, routed):
    client = world.client("secretary")
    routed.clear()
    assert client.get(world.url("")).status_code == 200
    assert {alias for label, alias in routed if label == "windows.DailyRollup"} == {REPLICA}
    assert {alias for label, alias in routed if label.startswith(("sessions.", "auth."))} == {
        DEFAULT_DB_ALIAS
    }
    assert {alias for label, alias in routed if label == "tenancy.Membership"} == {DEFAULT_DB_ALIAS}


def test_a_rating_is_read_after_write_on_the_primary_and_pins_the_browser(world, routed):
    window = world.units["window"]
    client = Client()
    rate = world.url(f"windows/r/{window_token(window)}/")
    client.get(rate)
    routed.clear()
    response = client.post(rate, {"level": 4})
    assert response.status_code == 303
    assert REPLICA not in {alias for _label, alias in routed}
    assert response.cookies[PIN_COOKIE]["max-age"] == 10

    routed.clear()
    board = world.url(f"windows/board/{board_token(world.community, 1)}/")
    assert client.get(board).status_code == 200  # the same browser, still pinned
    assert {alias for label, alias in routed if label == "windows.DailyRollup"} == {DEFAULT_DB_ALIAS}


def test_without_a_replica_nothing_is_installed(world):
    assert not replica.replica_configured()
    response = world.client("secretary").post(world.url("windows/settings/board-link/"))
    assert PIN_COOKIE not in response.cookies
