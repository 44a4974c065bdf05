"""Computing a month's results: manual entries, automatic sources, not-applicable lines, ranks."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.assessment.models import CostItem, LineState, Result
from sanjian.assessment.tests.conftest import advance, enter, open_month
from sanjian.lib.registries import IndicatorSource, indicator_sources

D = Decimal


def results(world, period) -> dict[str, Result]:
    with scopes_disabled():
        return {r.unit.code: r for r in Result.objects.filter(period=period).select_related("unit")}


def lines(result) -> dict[str, object]:
    return {line.code: line for line in result.breakdown}


def test_a_window_is_scored_from_its_entries_and_costs(world, library, month):
    w = world.units["window"]
    enter(world, month, w, library.hygiene, "value", 75, who="inspector")  # linear 60→90: 20 of 40
    enter(world, month, w, library.satisfaction, "value", 96)  # band 95: 30 of 30
    enter(world, month, w, library.complaints, "occurrence", 1, "饭菜有异物")  # 20 − 5
    with scopes_disabled():
        CostItem.objects.create(
            community=world.community, period=month, unit=w, name="食材", quota=D(100), actual=D(105)
        )  # +5 %: linear 10 → 0, lower is better: 5 of 10
    advance(world, month, to="closed")
    result = results(world, month)["w1"]
    got = {code: (line.value, line.earned, line.state) for code, line in lines(result).items()}
    assert got == {
        "hygiene": (D(75), D(20), "scored"),
        "satisfaction": (D(96), D(30), "scored"),
        "complaints": (D(1), D(15), "scored"),
        "cost": (D(5), D(5), "scored"),
    }
    assert result.total == D(70)
    assert lines(result)["complaints"].note == "饭菜有异物"


def test_the_latest_value_counts_and_deductions_add_up(world, library, month):
    w = world.units["window"]
    enter(world, month, w, library.hygiene, "value", 70)
    enter(world, month, w, library.hygiene, "value", 90, "复查合格")
    enter(world, month, w, library.hygiene, "deduction", 3, "地面湿滑")
    enter(world, month, w, library.hygiene, "deduction", 2, "垃圾未清")
    advance(world, month, to="closed")
    line = lines(results(world, month)["w1"])["hygiene"]
    assert (line.value, line.base, line.deductions, line.earned) == (D(90), D(40), D(5), D(35))


def test_indicators_without_a_value_drop_out_and_are_flagged(world, library, month):
    enter(world, month, world.units["window"], library.hygiene, "value", 90)
    advance(world, month, to="closed")
    result = results(world, month)["w1"]
    states = {code: line.state for code, line in lines(result).items()}
    # satisfaction: no value; cost: no items; complaints: no occurrence is a full score
    assert states == {
        "hygiene": "scored",
        "satisfaction": "no_value",
        "complaints": "scored",
        "cost": "no_data",
    }
    assert result.applicable_weight == D(60)
    assert result.total == D(100)


def test_deductions_without_a_measured_value_count_from_full_marks(world, library, month):
    enter(
        world,
        month,
        world.units["window"],
        library.hygiene,
        "deduction",
        2,
        "操作间地面油污",
        who="inspector",
    )
    advance(world, month, to="closed")
    line = lines(results(world, month)["w1"])["hygiene"]
    assert (line.state, line.value, line.base, line.earned) == ("scored", None, D(40), D(38))


def test_an_indicator_marked_not_applicable_drops_out(world, library, month):
    w = world.units["window"]
    enter(world, month, w, library.hygiene, "value", 60)
    enter(world, month, w, library.satisfaction, "not_applicable", None, "本月停业装修")
    advance(world, month, to="closed")
    line = lines(results(world, month)["w1"])["satisfaction"]
    assert line.state == LineState.NOT_APPLICABLE and line.note == "本月停业装修"


def test_units_are_ranked_among_their_own_kind(world, library, month):
    for unit, value in [("window", 90), ("window2", 60), ("window3", 90)]:
        enter(world, month, world.units[unit], library.hygiene, "value", value)
    advance(world, month, to="closed")
    ranks = {code: (r.rank, r.rank_count) for code, r in results(world, month).items()}
    assert ranks["w1"] == (1, 3) and ranks["w3"] == (1, 3) and ranks["w2"] == (3, 3)
    assert ranks["o1"] == (None, 0)  # offices: the party indicator has no value yet


@pytest.fixture
def fake_source(world, library):
    calls = []

    def compute(units, start, end):
        calls.append(sorted(u.pk for u in units))
        return {u.pk: D(92) for u in units if u.code != "w3"}

    source = IndicatorSource("test.satisfaction", "x", "%", frozenset({"window"}), compute)
    with indicator_sources.registered(source):
        with scopes_disabled():
            library.satisfaction.source_key = "test.satisfaction"
            library.satisfaction.save()
        yield calls


def test_an_automatic_indicator_asks_its_source_once_for_every_unit(world, library, fake_source):
    period = open_month(world)
    advance(world, period, to="closed")
    windows = sorted(world.units[w].pk for w in ("window", "window2", "window3"))
    assert fake_source == [windows]
    by_unit = results(world, period)
    assert lines(by_unit["w1"])["satisfaction"].earned == D(24)  # 92 → band 90: 80 % of 30
    assert lines(by_unit["w1"])["satisfaction"].source == "test.satisfaction"
    assert lines(by_unit["w3"])["satisfaction"].state == LineState.NO_DATA


def test_an_automatic_source_that_is_not_installed_is_reported_not_fatal(world, library):
    with scopes_disabled():
        library.satisfaction.source_key = "health.followups_on_time"
        library.satisfaction.save()
    period = open_month(world)
    enter(world, period, world.units["window"], library.hygiene, "value", 90)
    advance(world, period, to="closed")
    line = lines(results(world, period)["w1"])["satisfaction"]
    assert line.state == LineState.NO_SOURCE
    page = world.client("secretary").get(world.url(f"assessment/periods/{period.pk}/")).content.decode()
    assert "health.followups_on_time" in page and "未安装" in page


def test_a_source_that_answers_wrongly_is_reported_and_the_period_stays_open(world, library):
    broken = IndicatorSource(
        "test.broken", "x", "%", frozenset({"window"}), lambda units, start, end: {0: 1.5}
    )
    with indicator_sources.registered(broken):
        with scopes_disabled():
            library.satisfaction.source_key = "test.broken"
            library.satisfaction.save()
        period = open_month(world)
        page = world.client("secretary").post(
            world.url(f"assessment/periods/{period.pk}/step/close/"), follow=True
        )
        assert "test.broken" in page.content.decode() and "无法计分" in page.content.decode()
        period.refresh_from_db()
        assert period.status == "open"


def test_the_query_count_does_not_grow_with_the_number_of_units(
    world, library, django_assert_max_num_queries
):
    from sanjian.assessment import compute
    from sanjian.testing.factories import UnitFactory

    period = open_month(world)
    with scope(community=world.community.pk), django_assert_max_num_queries(8) as few:
        compute.compute_month(period)
    with scopes_disabled():
        network = world.units["network"]
        for i in range(15):
            UnitFactory(community=world.community, kind="window", parent=network, code=f"extra-{i}")
    bigger = open_month(world, month=4)
    with scope(community=world.community.pk), django_assert_max_num_queries(len(few.captured_queries)):
        drafts = compute.compute_month(bigger)
    assert len(drafts) == 5 + 15  # the three windows and two offices (the kinds with a template), and the new
