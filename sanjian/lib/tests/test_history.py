"""History: who changed what, readable on the record's page."""

from __future__ import annotations

import datetime

from django_scopes import scope

from sanjian.lib.history import history_entries
from sanjian.lib.records import record_save


def test_each_change_names_the_person_and_the_fields(world, in_scope):
    window = world.units["window"]
    window.phone = "0310-1"
    record_save(window, actor=world.secretary)
    window.parent = None
    window.kind = "office"
    window.is_active = False
    record_save(window, actor=world.company_admin)
    newest, middle, first = history_entries(window)
    assert (newest.who, middle.who) == (world.company_admin, world.secretary)
    assert first.action == "创建" and middle.action == "修改"
    changes = {c.label: (c.old, c.new) for c in newest.changes}
    assert changes == {"类别": ("服务窗口", "机关科室"), "上级单位": ("食堂网点", "—"), "启用": ("是", "否")}
    assert [(c.label, c.old, c.new) for c in middle.changes] == [("电话", "—", "0310-1")]


def test_history_is_limited_to_the_newest_entries(world, in_scope):
    window = world.units["window"]
    for i in range(5):
        window.phone = str(i)
        record_save(window, actor=world.secretary)
    entries = history_entries(window, limit=3)
    assert len(entries) == 3
    assert entries[0].changes[0].new == "4"
    assert entries[-1].changes[0].new == "2"  # the diff of the oldest shown entry still has its predecessor


def test_a_deletion_is_kept(world):
    from sanjian.lib.records import record_delete

    with scope(community=world.community.pk):
        window = world.units["window3"]
        pk = window.pk
        record_delete(window, actor=world.secretary)
        deleted = type(window).history.filter(id=pk).latest("history_date")
    assert deleted.history_type == "-" and deleted.history_user == world.secretary


def test_a_record_without_history_rows_shows_an_empty_history(world, in_scope):
    """Rows made by a bulk load, or before history was kept, have no history rows: the page shows
    "no changes recorded" rather than failing."""
    window = world.units["window"]
    type(window).history.filter(id=window.pk).delete()
    assert history_entries(window) == []


def test_changes_read_as_people_read_them(world, in_scope):
    """Moments in local time and Chinese format, people by name (not their login), decimals as
    numbers: "处理时间: — → 2026-12-05 07:33:23.466370+00:00" and "整改人: — → window" were not readable."""
    from django.contrib.auth import get_user_model

    from sanjian.lib.history import _display
    from sanjian.tenancy.models import Membership, RecordRead

    moment = datetime.datetime(2026, 12, 5, 7, 33, 23, 466370, tzinfo=datetime.UTC)
    assert _display(RecordRead._meta.get_field("read_at"), moment) == "2026年12月5日 15:33"
    named = get_user_model().objects.create(username="window-login", first_name="刘春梅")
    assert _display(Membership._meta.get_field("user"), named.pk) == "刘春梅"
    nameless = get_user_model().objects.create(username="no-name")
    assert _display(Membership._meta.get_field("user"), nameless.pk) == "no-name"
    assert _display(Membership._meta.get_field("role"), "secretary") == "社区党总支（书记）"
