"""The read log: who read which sensitive record, when and how; scoped, and moving with its record."""

from __future__ import annotations

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.org.models import Unit
from sanjian.tenancy.models import ReadVia, RecordRead
from sanjian.tenancy.selectors import reads_of, reads_of_kind
from sanjian.tenancy.services import record_read, rows_move


def test_a_read_is_logged_with_who_what_and_how(world):
    unit = world.units["window"]
    with scope(community=world.community.pk):
        record_read(community=world.community, record=unit, actor=world.secretary, via=ReadVia.EXPORT)
        record_read(community=world.community, record=unit, actor=world.medical, via=ReadVia.PAGE)
        reads = list(reads_of(unit))
        assert [(r.user, r.via) for r in reads] == [(world.medical, "page"), (world.secretary, "export")]
        assert reads_of_kind(Unit).count() == 2
        assert reads_of(world.units["window2"]).count() == 0


def test_the_log_is_scoped_like_its_records(world):
    with scope(community=world.community.pk):
        record_read(community=world.community, record=world.units["window"], actor=world.secretary)
    with scope(community=world.neighbour_community.pk):
        assert RecordRead.objects.count() == 0


def test_a_record_is_read_in_its_own_community_only(world):
    with scope(community=world.community.pk), pytest.raises(ValueError):
        record_read(community=world.neighbour_community, record=world.units["window"], actor=world.secretary)


def test_rows_move_with_their_history_and_their_read_log(world):
    unit = world.units["window3"]
    with scope(community=world.community.pk):
        record_read(community=world.community, record=unit, actor=world.secretary)
    with scopes_disabled():
        rows_move(Unit, [unit.pk], to=world.neighbour_community)
    with scope(community=world.neighbour_community.pk):
        assert Unit.objects.filter(pk=unit.pk).exists()
        assert Unit.history.filter(id=unit.pk).exists()
        assert reads_of(unit).count() == 1
    with scope(community=world.community.pk):
        assert not Unit.objects.filter(pk=unit.pk).exists()
        assert reads_of(unit).count() == 0
