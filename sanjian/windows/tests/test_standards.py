"""The refined work standards: the secretary keeps them item by item under the five standards; a
window's supervising unit says which items do not apply to it."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from sanjian.windows.models import Criterion, NotApplicable, Standard


def criteria(standard):
    with scopes_disabled():
        return {c.code: c for c in Criterion.objects.filter(standard=standard)}


def test_everyone_reads_the_standards(world, standard):
    page = world.client("party_member").get(world.url("windows/standards/")).content.decode()
    assert "食堂标准" in page and "5 个条目" in page
    page = world.client("window_manager").get(world.url(f"windows/standards/{standard.pk}/")).content.decode()
    assert "服务规范，树阳光形象" in page and "文明用语" in page and "一票否决项" in page
    assert "启用条目合计 50 分" in page
    assert "新增条目" not in page


def test_the_secretary_adds_a_standard_and_its_items(world):
    client = world.client("secretary")
    response = client.post(
        world.url("windows/standards/new/"), {"network_type": "medical", "title": "医疗服务标准"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        standard = Standard.objects.get(network_type="medical")
        assert (standard.community, standard.history.get().history_user) == (world.community, world.secretary)
    response = client.post(
        world.url(f"windows/standards/{standard.pk}/items/new/"),
        {
            "dimension": "service",
            "code": "1.1",
            "title": "处方准确",
            "points": "9",
            "deduction_cap": "5",
            "sort_order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert criteria(standard)["1.1"].deduction_cap == 5


def test_one_standard_per_kind_of_network(world, standard):
    response = world.client("secretary").post(
        world.url("windows/standards/new/"), {"network_type": "canteen", "title": "又一个"}
    )
    assert response.status_code == 400 and "该类网点已有工作标准" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"points": "5", "deduction_cap": "6"}, "扣分上限不能超过条目分值"),
        ({"points": "0", "deduction_cap": "0"}, "非否决条目须设分值"),
        ({"points": "5", "deduction_cap": "0", "is_veto": "on"}, "一票否决项不设分值"),
        ({"points": "-1", "deduction_cap": "0"}, "0"),
        ({"code": "1.1"}, "本标准已有相同编号的条目"),
    ],
)
def test_bad_items_are_refused_in_chinese(world, standard, data, message):
    payload = {
        "dimension": "results",
        "code": "7.7",
        "title": "新条目",
        "points": "5",
        "deduction_cap": "5",
        "sort_order": 1,
        **data,
    }
    response = world.client("secretary").post(
        world.url(f"windows/standards/{standard.pk}/items/new/"), payload
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert "7.7" not in criteria(standard)


def test_an_item_of_another_communitys_standard_is_404(world):
    with scopes_disabled():
        foreign = Standard.objects.create(
            community=world.other_community, network_type="canteen", title="远方"
        )
    assert world.client("secretary").get(world.url(f"windows/standards/{foreign.pk}/")).status_code == 404


def test_editing_an_item_is_recorded(world, standard):
    item = criteria(standard)["1.1"]
    data = {
        "dimension": "service",
        "code": "1.1",
        "title": "文明用语、微笑服务",
        "points": "10",
        "deduction_cap": "10",
        "sort_order": 0,
        "is_active": "on",
    }
    assert world.client("company_admin").post(world.url(f"windows/items/{item.pk}/"), data).status_code == 302
    page = world.client("secretary").get(world.url(f"windows/items/{item.pk}/")).content.decode()
    assert "<del>文明用语</del> → 文明用语、微笑服务" in page


def test_an_item_used_in_an_inspection_is_taken_out_of_use_not_deleted(world, standard):
    item = criteria(standard)["3.1"]
    client = world.client("secretary")
    assert client.post(world.url(f"windows/items/{item.pk}/delete/")).status_code == 302
    assert "3.1" not in criteria(standard)
    client_i = world.client("inspector")
    client_i.post(
        world.url("windows/inspections/new/"),
        {"window": world.units["window"].pk, "inspected_on": "2026-11-02"},
    )
    used = criteria(standard)["1.1"]
    response = client.post(world.url(f"windows/items/{used.pk}/delete/"), follow=True)
    assert "已用于检查，不能删除" in response.content.decode()
    assert "1.1" in criteria(standard)


@pytest.mark.parametrize("who", ["supervisor", "office", "window_manager", "inspector", "party_member"])
def test_only_the_leaders_keep_the_standards(world, standard, who):
    client = world.client(who)
    assert client.get(world.url("windows/standards/new/")).status_code == 403
    assert client.post(world.url(f"windows/standards/{standard.pk}/edit/"), {"title": "x"}).status_code == 403
    assert client.post(world.url(f"windows/items/{criteria(standard)['1.1'].pk}/delete/")).status_code == 403
    assert "1.1" in criteria(standard)


def exemptions(window):
    with scopes_disabled():
        return {
            e.criterion.code: e.reason
            for e in NotApplicable.objects.filter(window=window).select_related("criterion")
        }


def test_the_supervising_unit_marks_items_not_applicable_to_its_window(world, standard):
    items = criteria(standard)
    url = world.url(f"windows/{world.units['window'].pk}/not-applicable/")
    client = world.client("supervisor")
    assert client.get(url).status_code == 200
    response = client.post(url, {"criteria": [items["3.1"].pk, items["1.2"].pk], "reason": "窗口只售成品"})
    assert response.status_code == 302
    assert exemptions(world.units["window"]) == {"3.1": "窗口只售成品", "1.2": "窗口只售成品"}
    client.post(url, {"criteria": [items["3.1"].pk], "reason": "窗口只售成品"})
    assert exemptions(world.units["window"]) == {"3.1": "窗口只售成品"}
    page = (
        world.client("window_manager").get(world.url(f"windows/{world.units['window'].pk}/")).content.decode()
    )
    assert "每周一道菜" in page and "窗口只售成品" in page


def test_items_not_applicable_need_a_reason(world, standard):
    items = criteria(standard)
    response = world.client("secretary").post(
        world.url(f"windows/{world.units['window'].pk}/not-applicable/"), {"criteria": [items["3.1"].pk]}
    )
    assert response.status_code == 400 and "请说明这些条目不适用的原因" in response.content.decode()
    assert exemptions(world.units["window"]) == {}


def test_the_supervising_unit_cannot_exempt_a_window_it_does_not_guarantee(world, standard):
    url = world.url(f"windows/{world.units['window3'].pk}/not-applicable/")
    assert (
        world.client("supervisor")
        .post(url, {"criteria": [criteria(standard)["3.1"].pk], "reason": "x"})
        .status_code
        == 403
    )
    assert (
        world.client("window_manager")
        .get(world.url(f"windows/{world.units['window'].pk}/not-applicable/"))
        .status_code
        == 403
    )
    assert exemptions(world.units["window3"]) == {}


def test_a_window_without_a_standard_is_told_to_get_one(world):
    response = world.client("secretary").get(
        world.url(f"windows/{world.units['window'].pk}/not-applicable/"), follow=True
    )
    assert "还没有工作标准" in response.content.decode()
