"""The shell around every page: health check, log-in, home, navigation, error pages."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper


def test_healthz_answers_200_with_the_database_reachable(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_not_reachable(client, db):
    with mock.patch.object(BaseDatabaseWrapper, "cursor", side_effect=OSError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503


def test_logging_in_leads_a_single_community_user_to_its_dashboard(world):
    client = world.client(None)
    response = client.post("/accounts/login/", {"username": "secretary", "password": "pw"}, follow=True)
    assert response.redirect_chain[-1][0] == world.url("")
    assert "东风社区" in response.content.decode()


def test_a_wrong_password_is_refused_in_chinese(world):
    response = world.client(None).post("/accounts/login/", {"username": "secretary", "password": "nope"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_repeated_failures_lock_the_account_out(world, settings):
    client = world.client(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "secretary", "password": "nope"})
    response = client.post("/accounts/login/", {"username": "secretary", "password": "pw"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_the_committee_chooses_among_its_communities(world):
    page = world.client("company_admin").get("/").content.decode()
    assert "东风社区" in page and "红旗社区" in page and "远方社区" not in page
    assert "测试矿业集团" in page


def test_a_user_without_community_is_told_what_to_do(world):
    page = world.client("nobody").get("/").content.decode()
    assert "尚未加入任何社区" in page


def test_the_navigation_shows_the_three_platforms(world):
    page = world.client("inspector").get(world.url("")).content.decode()
    for label in ["目标考核", "创先争优", "文明服务", "组织与党员", "报表"]:
        assert label in page


def test_the_navigation_hides_what_the_role_may_not_open(world):
    from sanjian.lib import registries as r

    item = r.NavItem("reports", "Secret page", "org:tree", "test.secret", 99, key="test.secret")
    with (
        r.permissions.registered(r.Permission("test.secret", "x", {"secretary"})),
        r.navigation.registered(item),
    ):
        assert "Secret page" in world.client("secretary").get(world.url("")).content.decode()
        assert "Secret page" not in world.client("inspector").get(world.url("")).content.decode()


def test_a_plain_party_members_menu_holds_their_own_pages_and_the_public_boards_only(world):
    """Branch-committee and office duties are roles given on purpose: a plain party member's menu
    and reach are their archive, their branch's life, volunteering and what is posted publicly."""
    client = world.client("party_member")
    page = client.get(world.url("home/")).content.decode()
    for own_or_public in [
        "我的档案",
        "志愿服务活动",
        "志愿服务工时榜",
        "考核结果公示",
        "窗口排名",
        "标杆窗口",
        "流动红旗",
        "荣誉",
        "规章制度",
    ]:
        assert own_or_public in page, own_or_public
    for ledger in [
        "考核期",
        "动态考核与预警",
        "组织架构",
        "服务窗口与保包",
        "标准化党支部",
        "职工公寓",
        "服务检查",
        "保洁",
        "职工食堂",
        "健康统计",
        "报修和投诉",
    ]:
        assert ledger not in page, ledger
    for path in ["org/", "assessment/", "service/", "health/statistics/"]:
        assert client.get(world.url(path)).status_code == 403, path
    assert world.client("inspector").get(world.url("org/")).status_code == 200


def test_the_community_switcher_lists_the_committees_communities(world):
    page = world.client("company_admin").get(world.url("")).content.decode()
    assert "切换社区" in page and "/c/hongqi/" in page


def test_an_unknown_platform_is_404(world):
    assert world.client("secretary").get(world.url("p/nothing/")).status_code == 404


def test_a_refusal_is_explained(world):
    response = world.client("party_member").get(world.url("org/units/new/"))
    assert response.status_code == 403
    assert "您的角色无权进行此操作" in response.content.decode()


@pytest.mark.parametrize("path", ["/no/such/page/", "/c/dongfeng/no/such/"])
def test_not_found_pages_are_in_chinese(world, path):
    response = world.client("secretary").get(path)
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_logging_out_needs_a_post(world):
    client = world.client("secretary")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get(world.url("")).status_code == 302


def _database_down(*args, **kwargs):
    from django.db import OperationalError

    raise OperationalError("terminating connection due to administrator command")


def test_while_the_database_is_down_people_get_the_chinese_page_and_clients_json(world, monkeypatch):
    from sanjian.org import selectors

    monkeypatch.setattr(selectors, "unit_tree", _database_down)
    client = world.client("secretary")
    client.raise_request_exception = False
    page = client.get(world.url("org/"))
    assert page.status_code == 503 and page["Retry-After"] == "5"
    assert "暂时无法访问" in page.content.decode() and "没有保存" in page.content.decode()

    from sanjian.org import api

    monkeypatch.setattr(api.UnitViewSet, "get_queryset", _database_down)
    answer = client.get(world.url("org/units/").replace("/c/", "/api/v1/c/"))
    assert answer.status_code == 503 and answer["Content-Type"] == "application/json"
    assert "没有保存" in answer.json()["detail"]


def test_an_unexpected_error_in_the_interface_answers_json(world, monkeypatch):
    from sanjian.org import api

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(api.UnitViewSet, "get_queryset", broken)
    client = world.client("secretary")
    client.raise_request_exception = False
    answer = client.get(world.url("org/units/").replace("/c/", "/api/v1/c/"))
    assert answer.status_code == 500 and "detail" in answer.json()
