"""标准化党支部: a checklist per branch per year, and the share of branches meeting it."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from sanjian.org.models import BranchCheck
from sanjian.org.selectors import standard_share_by_community, standard_summary
from sanjian.testing.factories import StandardItemFactory


@pytest.fixture
def items(world):
    with scopes_disabled():
        return [StandardItemFactory(community=world.community, code=str(i), title=f"标准{i}") for i in (1, 2)]


def toggle(world, who, branch, item, met, year=2026, htmx=True):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    return world.client(who).post(
        world.url(f"org/standards/{branch.pk}/{item.pk}/"),
        {"year": year, "met": "1" if met else "0"},
        **headers,
    )


def test_a_branch_meets_the_standard_when_every_item_is_met(world, items):
    branch = world.units["branch"]
    for item in items:
        assert toggle(world, "secretary", branch, item, True).status_code == 200
    with scope(community=world.community.pk):
        summary = standard_summary(year=2026)
    standings = {s.branch.name: s.meets_standard for s in summary.branches}
    assert standings == {"服务党支部": True, "机关党支部": False}
    assert summary.share == 0.5


def test_the_htmx_answer_is_the_row_and_the_new_share(world, items):
    branch = world.units["branch"]
    toggle(world, "secretary", branch, items[0], True)
    response = toggle(world, "secretary", branch, items[1], True)
    page = response.content.decode()
    assert page.startswith('<tr id="branch-')
    assert "达标" in page
    assert 'hx-swap-oob="true"' in page and "50.0%" in page


def test_without_htmx_the_toggle_returns_to_the_checklist(world, items):
    response = toggle(world, "secretary", world.units["branch"], items[0], True, htmx=False)
    assert response.status_code == 302
    assert response["Location"].endswith("/org/standards/?year=2026")


def test_unmarking_an_item_is_recorded_with_who_did_it(world, items):
    branch, item = world.units["branch"], items[0]
    toggle(world, "secretary", branch, item, True)
    toggle(world, "company_admin", branch, item, False)
    with scopes_disabled():
        check = BranchCheck.objects.get(branch=branch, item=item, year=2026)
        authors = [h.history_user.username for h in check.history.order_by("history_id")]
    assert check.met is False
    assert authors == ["secretary", "company_admin"]


def test_the_same_answer_twice_writes_no_history(world, items):
    branch, item = world.units["branch"], items[0]
    toggle(world, "secretary", branch, item, True)
    toggle(world, "secretary", branch, item, True)
    with scopes_disabled():
        assert BranchCheck.history.count() == 1


def test_years_are_kept_apart(world, items):
    toggle(world, "secretary", world.units["branch"], items[0], True, year=2025)
    with scope(community=world.community.pk):
        assert (
            standard_summary(year=2025).branches[0].met_count
            + standard_summary(year=2025).branches[1].met_count
            == 1
        )
        assert all(b.met_count == 0 for b in standard_summary(year=2026).branches)


def test_only_leaders_check_branches(world, items):
    for who in ["office", "supervisor", "window_manager", "inspector", "party_member", "medical"]:
        assert toggle(world, who, world.units["branch"], items[0], True).status_code == 403
    with scopes_disabled():
        assert not BranchCheck.objects.exists()


def test_only_an_active_party_branch_can_be_checked(world, items):
    assert toggle(world, "secretary", world.units["office"], items[0], True).status_code == 404
    with scopes_disabled():
        world.units["branch2"].is_active = False
        world.units["branch2"].save()
    assert toggle(world, "secretary", world.units["branch2"], items[0], True).status_code == 404


def test_the_checklist_page_shows_the_share_to_the_staff(world, items):
    toggle(world, "secretary", world.units["branch"], items[0], True)
    toggle(world, "secretary", world.units["branch"], items[1], True)
    page = world.client("inspector").get(world.url("org/standards/?year=2026")).content.decode()
    assert "2026年，2个党支部中有1个达标" in page
    assert "hx-post" not in page  # an inspector sees, but cannot tick
    assert world.client("party_member").get(world.url("org/standards/?year=2026")).status_code == 403


def test_a_year_that_is_not_a_number_falls_back_to_this_year(world, items):
    response = world.client("secretary").get(world.url("org/standards/?year=abc"))
    assert response.status_code == 200
    assert response.context["year"] == timezone.localdate().year
    assert f'<option value="{timezone.localdate().year}" selected' in response.content.decode()


def test_the_item_list_is_kept_by_the_secretary(world):
    client = world.client("secretary")
    assert (
        client.post(
            world.url("org/standards/items/new/"),
            {"code": "9", "title": "阵地", "sort_order": 1, "is_active": "on"},
        ).status_code
        == 302
    )
    response = client.post(
        world.url("org/standards/items/new/"), {"code": "9", "title": "重复", "sort_order": 1}
    )
    assert response.status_code == 400
    assert "已有检查项使用该序号" in response.content.decode()


def test_an_item_already_checked_cannot_be_deleted(world, items):
    toggle(world, "secretary", world.units["branch"], items[0], True)
    response = world.client("secretary").post(
        world.url(f"org/standards/items/{items[0].pk}/delete/"), follow=True
    )
    assert "不能删除" in response.content.decode()


def test_the_company_overview_counts_branches_per_community(world, items):
    for item in items:
        toggle(world, "secretary", world.units["branch"], item, True)
    with scope(community=[world.community.pk, world.neighbour_community.pk]):
        shares = standard_share_by_community(year=2026)
    assert shares == {world.community.pk: (1, 2)}
    page = world.client("company_admin").get("/company/test-group/").content.decode()
    assert "东风社区" in page and "红旗社区" in page and "远方社区" not in page
