"""三级联动 / 保包: the secretary names the department and unit that guarantee each window."""

from __future__ import annotations

from django_scopes import scopes_disabled

from sanjian.org.models import Linkage


def linkage_of(window):
    with scopes_disabled():
        return Linkage.objects.filter(window=window).select_related("office", "supervisor").first()


def test_the_window_page_shows_who_guarantees_it(world):
    page = world.client("inspector").get(world.url(f"org/units/{world.units['window'].pk}/")).content.decode()
    assert "经营科" in page and "餐饮中心" in page


def test_the_windows_list_flags_a_window_nobody_guarantees(world):
    page = world.client("inspector").get(world.url("org/windows/")).content.decode()
    assert "丙窗口" in page
    assert "尚未保包" in page


def test_the_secretary_sets_the_linkage_of_an_unguaranteed_window(world):
    window = world.units["window3"]
    response = world.client("secretary").post(
        world.url(f"org/units/{window.pk}/linkage/"),
        {
            "office": world.units["office2"].pk,
            "supervisor": world.units["supervisor"].pk,
            "note": "临时保包",
        },
    )
    assert response.status_code == 302
    linkage = linkage_of(window)
    assert (linkage.office, linkage.supervisor, linkage.community) == (
        world.units["office2"],
        world.units["supervisor"],
        world.community,
    )
    with scopes_disabled():
        assert linkage.history.get().history_user == world.secretary


def test_changing_the_linkage_is_recorded(world):
    window = world.units["window"]
    world.client("secretary").post(
        world.url(f"org/units/{window.pk}/linkage/"),
        {
            "office": world.units["office2"].pk,
            "supervisor": world.units["supervisor"].pk,
        },
    )
    assert linkage_of(window).office == world.units["office2"]
    page = world.client("secretary").get(world.url(f"org/units/{window.pk}/linkage/")).content.decode()
    assert "<del>经营科</del> → 办公室" in page


def test_only_an_office_department_and_a_supervising_unit_may_guarantee(world):
    window = world.units["window3"]
    response = world.client("secretary").post(
        world.url(f"org/units/{window.pk}/linkage/"),
        {
            "office": world.units["supervisor"].pk,
            "supervisor": world.units["office"].pk,
        },
    )
    assert response.status_code == 400
    assert "有效的选项" in response.content.decode()
    assert linkage_of(window) is None


def test_a_unit_of_another_community_cannot_guarantee(world):
    window = world.units["window3"]
    with scopes_disabled():
        from sanjian.testing.factories import UnitFactory

        foreign = UnitFactory(community=world.other_community, kind="office", code="fo")
    response = world.client("secretary").post(
        world.url(f"org/units/{window.pk}/linkage/"),
        {
            "office": foreign.pk,
            "supervisor": world.units["supervisor"].pk,
        },
    )
    assert response.status_code == 400
    assert linkage_of(window) is None


def test_linkage_is_only_for_windows(world):
    office = world.units["office"]
    assert world.client("secretary").get(world.url(f"org/units/{office.pk}/linkage/")).status_code == 404


def test_only_leaders_edit_the_linkage(world):
    url = world.url(f"org/units/{world.units['window3'].pk}/linkage/")
    for who in ["office", "supervisor", "window_manager", "inspector"]:
        assert world.client(who).post(url, {"office": world.units["office"].pk}).status_code == 403
    assert linkage_of(world.units["window3"]) is None
    assert world.client("company_admin").get(url).status_code == 200
