"""The registry of automatic indicator sources, with the organisation's own source and a fake one."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.assessment import sources
from sanjian.lib.registries import IndicatorSource, indicator_sources
from sanjian.org.models import BranchCheck
from sanjian.testing.factories import StandardItemFactory

D = datetime.date


@pytest.fixture
def fake():
    calls = []

    def compute(units, start, end):
        calls.append((tuple(u.pk for u in units), start, end))
        return {u.pk: Decimal(len(u.name)) for u in units}

    source = IndicatorSource("test.name_length", "x", "", frozenset({"window"}), compute)
    with indicator_sources.registered(source):
        yield source, calls


def test_a_source_is_asked_once_for_all_applicable_units(world, in_scope, fake):
    _source, calls = fake
    units = [world.units["window"], world.units["window2"], world.units["office"]]
    values = sources.compute("test.name_length", units, D(2026, 1, 1), D(2026, 1, 31))
    assert values == {units[0].pk: Decimal(3), units[1].pk: Decimal(3), units[2].pk: None}
    assert calls == [((units[0].pk, units[1].pk), D(2026, 1, 1), D(2026, 1, 31))]


def test_a_source_must_answer_decimals_for_the_units_asked(world, in_scope):
    bad = IndicatorSource("test.bad", "x", "", frozenset({"window"}), lambda u, s, e: {1: 0.5})
    with indicator_sources.registered(bad), pytest.raises((TypeError, ValueError)):
        sources.compute("test.bad", [world.units["window"]], D(2026, 1, 1), D(2026, 1, 2))


def test_a_key_is_registered_once(fake):
    source, _calls = fake
    with pytest.raises(ValueError):
        indicator_sources.register(IndicatorSource(source.key, "x", "", frozenset(), lambda u, s, e: {}))


def test_an_unknown_source_says_which_app_is_missing():
    with pytest.raises(KeyError, match="installed"):
        indicator_sources.get("windows.nothing")


def test_the_branch_standard_rate_counts_items_met_in_the_year(world, in_scope):
    with scopes_disabled():
        items = [StandardItemFactory(community=world.community) for _ in range(4)]
        for item in items[:3]:
            BranchCheck.objects.create(
                community=world.community, branch=world.units["branch"], item=item, year=2026, met=True
            )
        BranchCheck.objects.create(
            community=world.community, branch=world.units["branch"], item=items[3], year=2025, met=True
        )
    branches = [world.units["branch"], world.units["branch2"], world.units["window"]]
    values = sources.compute("org.branch_standard_rate", branches, D(2026, 3, 1), D(2026, 3, 31))
    assert values == {branches[0].pk: Decimal("75.0000"), branches[1].pk: Decimal("0"), branches[2].pk: None}


def test_each_branch_is_measured_against_its_own_communitys_checklist(world):
    with scopes_disabled():
        items = [StandardItemFactory(community=world.community) for _ in range(2)]
        StandardItemFactory.create_batch(3, community=world.neighbour_community)
        for item in items:
            BranchCheck.objects.create(
                community=world.community, branch=world.units["branch"], item=item, year=2026, met=True
            )
    with scope(community=[world.community.pk, world.neighbour_community.pk]):
        values = sources.compute(
            "org.branch_standard_rate", [world.units["branch"]], D(2026, 1, 1), D(2026, 1, 31)
        )
    assert values == {world.units["branch"].pk: Decimal("100.0000")}
