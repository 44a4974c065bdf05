"""Units: the secretary keeps the tree; bad input says why in Chinese and changes nothing."""

from __future__ import annotations

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.org.models import Unit, UnitKind


def units_snapshot(world):
    with scopes_disabled():
        return sorted(
            Unit.objects.values_list("pk", "name", "code", "parent_id", "kind")
        ), Unit.history.count()


def test_every_staff_member_of_the_community_sees_the_tree(world):
    assert world.client("party_member").get(world.url("org/")).status_code == 403  # a plain party member
    for who in ["secretary", "company_admin", "office", "window_manager", "inspector", "medical"]:
        response = world.client(who).get(world.url("org/"))
        assert response.status_code == 200, who
        assert "甲窗口" in response.content.decode()
        assert "远方窗口" not in response.content.decode()


def test_the_tree_counts_the_windows(world):
    response = world.client("secretary").get(world.url("org/"))
    assert "3 个服务窗口" in response.content.decode()


def test_the_secretary_adds_a_window(world):
    response = world.client("secretary").post(
        world.url("org/units/new/"),
        {
            "kind": UnitKind.WINDOW,
            "name": "丁窗口",
            "code": "w4",
            "parent": world.units["network"].pk,
            "sort_order": 4,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    with scope(community=world.community.pk):
        unit = Unit.objects.get(code="w4")
        assert unit.community == world.community
        assert unit.history.get().history_user == world.secretary
    assert response["Location"] == world.url(f"org/units/{unit.pk}/")


def test_the_community_is_taken_from_the_address_not_the_form(world):
    world.client("secretary").post(
        world.url("org/units/new/"),
        {
            "kind": UnitKind.OFFICE,
            "name": "新科室",
            "code": "new",
            "sort_order": 0,
            "community": world.other_community.pk,
        },
    )
    with scopes_disabled():
        assert Unit.objects.get(code="new").community == world.community


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"kind": "window", "name": "丁窗口", "code": "w4", "sort_order": 0},
            "该类单位不能隶属于所选上级单位",
        ),
        ({"kind": "office", "name": "", "code": "x", "sort_order": 0}, "必填项"),
        ({"kind": "office", "name": "新科室", "code": "w1", "sort_order": 0}, "本社区已有单位使用该代码"),
        (
            {"kind": "window", "name": "甲窗口", "code": "w9", "sort_order": 0, "parent": "NETWORK"},
            "同类单位中已有同名单位",
        ),
        ({"kind": "network", "name": "新网点", "code": "n9", "sort_order": 0}, "服务网点须选择网点类型"),
        (
            {"kind": "office", "name": "新科室", "code": "n9", "sort_order": 0, "network_type": "canteen"},
            "只有服务网点才有网点类型",
        ),
        ({"kind": "office", "name": "新科室", "code": "有 空格", "sort_order": 0}, "字母"),
        ({"kind": "spaceship", "name": "新科室", "code": "n9", "sort_order": 0}, "不在可用的选项中"),
        ({"kind": "office", "name": "新科室", "code": "n9", "sort_order": -1}, "大于或等于"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(world, data, message):
    if data.get("parent") == "NETWORK":
        data["parent"] = world.units["network"].pk
    before = units_snapshot(world)
    response = world.client("secretary").post(world.url("org/units/new/"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "尚未保存任何内容" in page
    assert units_snapshot(world) == before


def test_a_parent_from_another_community_is_refused(world):
    before = units_snapshot(world)
    response = world.client("secretary").post(
        world.url("org/units/new/"),
        {
            "kind": "window",
            "name": "丁窗口",
            "code": "w4",
            "sort_order": 0,
            "parent": world.units["other_window"].parent_id,
        },
    )
    assert response.status_code == 400
    assert "有效的选项" in response.content.decode()
    assert units_snapshot(world) == before


def test_the_same_code_is_fine_in_another_community(world):
    # 远方社区 already has a w1; 东风社区 has one too: codes are unique per community only.
    with scopes_disabled():
        assert Unit.objects.filter(code="w1").count() == 2


def test_the_kind_of_a_unit_cannot_change(world):
    office = world.units["office"]  # guarantees a window: as a supervising unit the link would be wrong
    response = world.client("secretary").post(
        world.url(f"org/units/{office.pk}/edit/"),
        {
            "kind": "supervisor",
            "name": "经营科改",
            "code": office.code,
            "sort_order": 0,
        },
    )
    assert response.status_code == 302
    with scopes_disabled():
        office.refresh_from_db()
    assert (office.kind, office.name) == ("office", "经营科改")


def test_a_unit_cannot_sit_under_itself(world):
    office = world.units["office"]
    with scopes_disabled():
        child = Unit.objects.create(
            community=world.community, kind=UnitKind.OFFICE, name="子科", code="sub", parent=office
        )
    response = world.client("secretary").post(
        world.url(f"org/units/{office.pk}/edit/"),
        {
            "kind": "office",
            "name": office.name,
            "code": office.code,
            "sort_order": 0,
            "parent": child.pk,
        },
    )
    assert response.status_code == 400
    assert "不能隶属于自身" in response.content.decode()


def test_the_secretary_edits_a_unit_and_history_says_who_and_what(world):
    window = world.units["window"]
    response = world.client("secretary").post(
        world.url(f"org/units/{window.pk}/edit/"),
        {
            "kind": "window",
            "name": "甲号窗口",
            "code": "w1",
            "parent": world.units["network"].pk,
            "sort_order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    page = world.client("secretary").get(world.url(f"org/units/{window.pk}/")).content.decode()
    assert "secretary同志" in page
    assert "<del>甲窗口</del> → 甲号窗口" in page


def test_only_leaders_may_add_or_edit_units(world):
    for who in ["office", "supervisor", "window_manager", "inspector", "party_member", "medical"]:
        client = world.client(who)
        assert client.get(world.url("org/units/new/")).status_code == 403, who
        assert (
            client.post(world.url("org/units/new/"), {"kind": "office", "name": "x", "code": "x"}).status_code
            == 403
        )
        assert client.post(world.url(f"org/units/{world.units['window'].pk}/delete/")).status_code == 403


def test_a_unit_of_another_community_is_404_even_for_the_secretary(world):
    other = world.units["other_window"]
    client = world.client("secretary")
    assert client.get(world.url(f"org/units/{other.pk}/")).status_code == 404
    assert client.post(world.url(f"org/units/{other.pk}/delete/")).status_code == 404


def test_a_unit_in_use_cannot_be_deleted_and_the_reason_is_given(world):
    office = world.units["office"]
    response = world.client("secretary").post(world.url(f"org/units/{office.pk}/delete/"), follow=True)
    assert "仍有其他记录引用它，不能删除" in response.content.decode()
    with scopes_disabled():
        assert Unit.objects.filter(pk=office.pk).exists()


def test_an_unused_unit_is_deleted_with_its_history_kept(world):
    window = world.units["window3"]
    response = world.client("secretary").post(world.url(f"org/units/{window.pk}/delete/"))
    assert response.status_code == 302
    with scopes_disabled():
        assert not Unit.objects.filter(pk=window.pk).exists()
        deletion = Unit.history.filter(id=window.pk, history_type="-").get()
    assert deletion.history_user == world.secretary


def test_a_window_manager_keeps_his_own_windows_contact_details(world):
    window = world.units["window"]
    client = world.client("window_manager")
    response = client.post(
        world.url(f"org/units/{window.pk}/contact/"), {"location": "一楼东", "phone": "110"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        window.refresh_from_db()
    assert window.location == "一楼东"


def test_a_window_manager_cannot_touch_another_window(world):
    other = world.units["window2"]
    client = world.client("window_manager")
    assert client.get(world.url(f"org/units/{other.pk}/contact/")).status_code == 403
    assert client.post(world.url(f"org/units/{other.pk}/contact/"), {"location": "x"}).status_code == 403


def test_an_office_department_keeps_the_windows_it_guarantees(world):
    client = world.client("office")
    assert client.get(world.url(f"org/units/{world.units['window'].pk}/contact/")).status_code == 200
    assert client.get(world.url(f"org/units/{world.units['window2'].pk}/contact/")).status_code == 403


def test_the_unit_page_shows_the_contact_button_only_to_those_who_may_use_it(world):
    url = world.url(f"org/units/{world.units['window'].pk}/")
    assert "更新联系方式" in world.client("window_manager").get(url).content.decode()
    assert "更新联系方式" not in world.client("party_member").get(url).content.decode()
