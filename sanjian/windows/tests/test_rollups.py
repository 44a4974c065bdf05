"""The daily rollups stay exact: each rating counts in the same transaction, a rebuild from the
raw ratings finds nothing to change, and concurrent ratings (threads on PostgreSQL) lose nothing."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections
from django_scopes import scope, scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanjian.windows import services
from sanjian.windows.models import DailyRollup, Rating
from sanjian.windows.rollups import rollups_rebuild
from sanjian.windows.tests.factories import at, give_rating

DAY = datetime.date(2026, 11, 2)


def rebuild(world, *, fix=False):
    with scope(community=world.community.pk):
        return rollups_rebuild(community=world.community, fix=fix)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(["window", "window2", "window3"]), st.integers(0, 3), st.integers(1, 5)),
        max_size=12,
    )
)
def test_a_rebuild_finds_the_incremental_rollups_exact(world, ratings):
    for window, day, level in ratings:
        give_rating(world.units[window], level, when=at(DAY + datetime.timedelta(days=day), 9 + level))
    assert rebuild(world) == []


def test_a_rebuild_reports_and_repairs_every_kind_of_difference(world):
    window, window2 = world.units["window"], world.units["window2"]
    give_rating(window, 5, when=at(DAY))
    give_rating(window, 4, when=at(DAY))
    give_rating(window2, 1, when=at(DAY))
    with scopes_disabled():
        DailyRollup.objects.filter(window=window).update(level_5=7)  # wrong counts
        DailyRollup.objects.filter(window=window2).delete()  # a missing row
        DailyRollup.objects.create(
            community=world.community, window=window, day=DAY - datetime.timedelta(days=1), level_3=2
        )
    differences = rebuild(world, fix=False)
    assert {(d.window_id, d.day, d.stored, d.actual) for d in differences} == {
        (window.pk, DAY, (0, 0, 0, 1, 7), (0, 0, 0, 1, 1)),
        (window2.pk, DAY, (0, 0, 0, 0, 0), (1, 0, 0, 0, 0)),
        (window.pk, DAY - datetime.timedelta(days=1), (0, 0, 2, 0, 0), (0, 0, 0, 0, 0)),
    }
    assert len(rebuild(world, fix=False)) == 3  # checking changed nothing
    assert len(rebuild(world, fix=True)) == 3
    assert rebuild(world) == []
    with scopes_disabled():
        rows = {(r.window_id, r.day): r.counts for r in DailyRollup.objects.filter(community=world.community)}
    assert rows == {(window.pk, DAY): (0, 0, 0, 1, 1), (window2.pk, DAY): (1, 0, 0, 0, 0)}


def test_a_rebuild_leaves_other_communities_alone(world):
    give_rating(world.units["other_window"], 5, when=at(DAY))
    with scopes_disabled():
        DailyRollup.objects.filter(window=world.units["other_window"]).update(level_5=9)
    assert rebuild(world, fix=True) == []
    with scopes_disabled():
        assert DailyRollup.objects.get(window=world.units["other_window"]).level_5 == 9


def test_a_rating_removed_by_an_upheld_appeal_is_not_counted_by_either(world):
    rating = give_rating(world.units["window"], 1, when=at(DAY))
    give_rating(world.units["window"], 5, when=at(DAY))
    with scope(community=world.community.pk):
        appeal = services.appeal_file(
            ticket=rating.ticket, ground="mistaken", statement="评错窗口", actor=world.window_manager
        )
        services.appeal_decide(appeal=appeal, upheld=True, note="属实", actor=world.supervisor)
    with scopes_disabled():
        assert DailyRollup.objects.get(window=world.units["window"], day=DAY).counts == (0, 0, 0, 0, 1)
    assert rebuild(world) == []


def test_the_command_checks_and_repairs(world, capsys):
    give_rating(world.units["window"], 5, when=at(DAY))
    with scopes_disabled():
        DailyRollup.objects.update(level_5=3)
    with pytest.raises(CommandError, match="1 rollup row"):
        call_command("windows_rebuild_rollups", "--check", "--community", "dongfeng")
    out = capsys.readouterr().out
    assert "dongfeng: 1 difference(s)" in out and "stored [0, 0, 0, 0, 3], ratings [0, 0, 0, 0, 1]" in out
    call_command("windows_rebuild_rollups")
    assert "fixed 1 rollup row(s)" in capsys.readouterr().out
    call_command("windows_rebuild_rollups", "--check")
    assert "dongfeng: 0 difference(s)" in capsys.readouterr().out


def test_the_command_names_an_unknown_community(db):
    with pytest.raises(CommandError, match="no community"):
        call_command("windows_rebuild_rollups", "--community", "nowhere")


def test_a_rating_whose_ticket_fails_leaves_no_rating_and_no_count_behind(world, monkeypatch):
    def broken(rating, *, actor):
        raise RuntimeError("the ticket could not be written")

    monkeypatch.setattr(services.ratings, "_ticket_open", broken)
    with pytest.raises(RuntimeError):
        give_rating(world.units["window"], 1, when=at(DAY))
    with scopes_disabled():
        assert not Rating.objects.exists()
        assert not DailyRollup.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_ratings_lose_nothing(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time: there is no race to lose there")
    windows = [world.units["window"], world.units["window2"]]
    threads, per_thread, errors = 8, 25, []
    barrier = threading.Barrier(threads)

    def rate(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                level = (n + i) % 5 + 1
                give_rating(windows[i % 2], level, when=at(DAY, 12), reason="quality" if level <= 2 else "")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=rate, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    with scopes_disabled():
        assert Rating.objects.count() == threads * per_thread
        rows = list(DailyRollup.objects.filter(community=world.community))
    assert len(rows) == 2  # one row per window and day, however many writers raced to make it
    assert sum(sum(r.counts) for r in rows) == threads * per_thread
    assert rebuild(world) == []
