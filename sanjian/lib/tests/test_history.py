"""History: who changed what, readable on the record's page."""

from __future__ import annotations

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
