"""Monthly rankings from the rollups: within the community, within the company by network, on the
dashboard, on the hall's TV, as indicators of the assessment platform, and in Excel."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from sanjian.assessment import sources
from sanjian.testing.factories import LinkageFactory, UnitFactory
from sanjian.windows import ranking, selectors
from sanjian.windows.models import BenchmarkTitle, Inspection, InspectionStatus, Policy, Rating
from sanjian.windows.ranking import Month, WindowScore
from sanjian.windows.tests.factories import at, give_rating
from sanjian.windows.tokens import board_token

NOV, OCT = Month(2026, 11), Month(2026, 10)
D = Decimal


def ratings(window, levels, day=datetime.date(2026, 11, 3)):
    for level in levels:
        give_rating(window, level, when=at(day))


def inspected(world, window, score, day=datetime.date(2026, 11, 4)):
    with scopes_disabled():
        from sanjian.windows.models import Standard

        standard = Standard.objects.get_or_create(
            community=world.community, network_type="canteen", defaults={"title": "标准"}
        )[0]
        Inspection.objects.create(
            community=world.community,
            window=window,
            standard=standard,
            inspector=world.inspector,
            inspected_on=day,
            status=InspectionStatus.SUBMITTED,
            score=D(score),
        )


def community_ranking(world, month=NOV, today=datetime.date(2026, 11, 30)):
    with scope(community=world.community.pk):
        return ranking.community_ranking(month, today=today)


def test_the_combined_score_weighs_satisfaction_inspection_and_punctuality():
    score = WindowScore(window=None, counts=[1, 1, 0, 3, 15], inspection=D("80.00"), overdue=1)
    assert (score.total, score.satisfaction, score.average) == (20, D("90.00"), D("4.50"))
    assert score.punctuality == D(80)
    assert score.combined == D("85.00")  # 0.5 × 90 + 0.4 × 80 + 0.1 × 80


def test_a_missing_part_shares_its_weight_among_the_others():
    no_inspection = WindowScore(window=None, counts=[0, 0, 0, 0, 10])
    assert no_inspection.combined == D("100.00")  # (0.5 × 100 + 0.1 × 100) / 0.6
    few_ratings = WindowScore(window=None, counts=[0, 0, 0, 0, 9], inspection=D(70))
    assert few_ratings.satisfaction == D(100)  # shown…
    assert few_ratings.combined == D(
        "76.00"
    )  # …but not counted below 10 ratings: (0.4 × 70 + 0.1 × 100) / 0.5
    assert WindowScore(window=None, counts=[0, 0, 0, 0, 3]).combined is None


def test_punctuality_never_goes_below_zero():
    assert WindowScore(window=None, overdue=9).punctuality == 0


def test_the_community_ranking_orders_by_combined_score(world):
    window, window2, window3 = (world.units[k] for k in ("window", "window2", "window3"))
    ratings(window, [5] * 10)
    ratings(window2, [5] * 8 + [1, 1])
    ratings(window3, [4] * 4)  # too few ratings and no inspection: not ranked
    inspected(world, window2, 100)
    rows = community_ranking(world)
    assert [(r.window, r.rank) for r in rows] == [(window, 1), (window2, 2), (window3, None)]
    assert rows[0].combined == D("100.00")  # (0.5 × 100 + 0.1 × 100) / 0.6: no inspection this month
    assert rows[1].combined == D(
        "86.00"
    )  # 0.5 × 80 + 0.4 × 100 + 0.1 × (100 - 2 × 20 for two overdue tickets)


def test_equal_scores_share_a_rank(world):
    ratings(world.units["window"], [5] * 10)
    ratings(world.units["window2"], [5] * 10)
    assert [r.rank for r in community_ranking(world)][:2] == [1, 1]


def test_a_window_last_two_months_running_is_flagged_for_a_talk(world):
    window, window2 = world.units["window"], world.units["window2"]
    for month_day in (datetime.date(2026, 10, 5), datetime.date(2026, 11, 5)):
        ratings(window, [5] * 10, month_day)
        ratings(window2, [1] * 5 + [5] * 5, month_day)
    rows = {r.window: r for r in community_ranking(world)}
    assert rows[window2].talk and not rows[window].talk
    # Last only this month: no talk yet.
    rows = {r.window: r for r in community_ranking(world, month=OCT)}
    assert not rows[window2].talk


def test_the_ranking_page_shows_the_month_and_flags(world):
    window, window2 = world.units["window"], world.units["window2"]
    for month_day in (datetime.date(2026, 10, 5), datetime.date(2026, 11, 5)):
        ratings(window, [5] * 10, month_day)
        ratings(window2, [1] * 5 + [5] * 5, month_day)
    page = world.client("party_member").get(world.url("windows/?month=2026-11")).content.decode()
    assert "2026-11" in page and "甲窗口" in page and "连续两月末位，约谈" in page
    assert "50.0%" in page and "100.0%" in page


def test_a_bad_month_falls_back_to_this_month(world):
    response = world.client("secretary").get(world.url("windows/?month=2026-13"))
    assert response.status_code == 200
    assert response.context["month"] == Month.current()
    assert str(Month.current()) in response.content.decode()


def test_the_ranking_reads_a_bounded_number_of_queries_whatever_the_ratings(world):
    ratings(world.units["window"], [5] * 30)
    with scope(community=world.community.pk), CaptureQueriesContext(connection) as few:
        ranking.community_ranking(NOV, today=datetime.date(2026, 11, 30))
    ratings(world.units["window2"], [4] * 30, datetime.date(2026, 10, 9))
    with scope(community=world.community.pk), CaptureQueriesContext(connection) as more:
        ranking.community_ranking(NOV, today=datetime.date(2026, 11, 30))
    assert len(few) == len(more) <= 8
    assert not any("windows_rating" in q["sql"] for q in more.captured_queries)  # rollups only


def test_overdue_tickets_cost_punctuality(world):
    give_rating(world.units["window"], 1, when=at(datetime.date(2026, 11, 2)))  # due 11-09, still open
    rows = {r.window: r for r in community_ranking(world)}
    assert rows[world.units["window"]].overdue == 1


def test_the_excel_export_holds_the_ranking(world):
    ratings(world.units["window"], [5] * 10)
    response = world.client("secretary").get(world.url("windows/ranking.xlsx?month=2026-11"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]][:3] == ["排名", "服务窗口", "服务网点"]
    assert [c.value for c in sheet[2]][:4] == [1, "甲窗口", "食堂网点", 10]


def test_the_company_ranks_every_window_of_its_communities_by_network(world):
    with scopes_disabled():
        network = UnitFactory(
            community=world.neighbour_community,
            kind="network",
            code="n1",
            name="红旗食堂",
            network_type="canteen",
        )
        neighbour_window = UnitFactory(
            community=world.neighbour_community, kind="window", code="w1", name="红旗一号窗口", parent=network
        )
        apartments = UnitFactory(
            community=world.community, kind="network", code="n2", name="公寓网点", network_type="apartment"
        )
        desk = UnitFactory(
            community=world.community, kind="window", code="w9", name="公寓服务台", parent=apartments
        )
    ratings(world.units["window"], [4] * 8 + [3] * 2)
    ratings(neighbour_window, [5] * 10)
    ratings(desk, [5] * 10)
    ratings(world.units["other_window"], [5] * 10)  # another company
    response = world.client("company_admin").get("/company/test-group/windows/?month=2026-11")
    assert response.status_code == 200
    page = response.content.decode()
    canteen, apartment = page.index("职工食堂"), page.index("职工公寓")
    assert canteen < page.index("红旗一号窗口") < page.index("甲窗口") < apartment < page.index("公寓服务台")
    assert "红旗社区" in page and "远方窗口" not in page


def test_the_company_ranking_is_for_its_committee_only(world):
    url = "/company/test-group/windows/"
    assert world.client("other_company_admin").get(url).status_code == 404
    assert world.client("secretary").get(url).status_code == 404
    assert world.client(None).get(url).status_code == 302


def test_the_committee_finds_the_company_ranking_from_the_community_ranking(world):
    assert (
        "/company/test-group/windows/"
        in world.client("company_admin").get(world.url("windows/")).content.decode()
    )
    assert (
        "/company/test-group/windows/"
        not in world.client("secretary").get(world.url("windows/")).content.decode()
    )


def board_url(world, version=1):
    return world.url(f"windows/board/{board_token(world.community, version)}/")


def test_the_board_shows_this_months_ranking_to_anyone_with_its_link(world):
    give_rating(world.units["window"], 5)
    response = Client().get(board_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    assert "甲窗口" in page and 'hx-trigger="load delay:15s"' in page
    rows = Client().get(board_url(world) + "rows/")
    assert rows.status_code == 200 and "甲窗口" in rows.content.decode()


def test_the_board_pages_through_every_row_in_turn(world, monkeypatch):
    """The TV shows a page at a time and turns to the next, round and round: the bottom rows
    (the windows flagged for attention) reach the hall too."""
    from sanjian.windows.views import public

    monkeypatch.setattr(public, "BOARD_ROWS_PER_PAGE", 2)
    names = {"甲窗口", "乙窗口", "丙窗口"}
    first = Client().get(board_url(world)).content.decode()
    second = Client().get(board_url(world) + "rows/?page=2").content.decode()
    again = Client().get(board_url(world) + "rows/?page=3").content.decode()
    on_first, on_second = {n for n in names if n in first}, {n for n in names if n in second}
    assert len(on_first) == 2 and len(on_second) == 1 and on_first | on_second == names
    assert "rows/?page=2" in first and "rows/?page=1" in second and "第 1 / 2 页" in first
    assert {n for n in names if n in again} == on_first  # page 3 of 2 is page 1: the rotation wraps


def test_the_board_link_can_be_replaced(world):
    old = board_url(world)
    assert world.client("secretary").post(world.url("windows/settings/board-link/")).status_code == 302
    assert Client().get(old).status_code == 404
    assert Client().get(board_url(world, 2)).status_code == 200
    assert world.client("supervisor").post(world.url("windows/settings/board-link/")).status_code == 403


def test_the_settings_page_gives_the_board_link(world):
    page = world.client("secretary").get(world.url("windows/settings/")).content.decode()
    assert board_token(world.community, 1) in page


def test_the_dashboard_shows_this_months_satisfaction_and_the_overdue_tickets(world):
    ratings(world.units["window"], [5, 5, 5, 4])
    give_rating(world.units["window"], 1, when=at(datetime.date(2026, 1, 5)))  # long overdue
    page = world.client("secretary").get(world.url("")).content.decode()
    assert 'data-panel="windows.satisfaction"' in page
    assert 'data-panel="windows.overdue"' in page and "件整改工单已逾期" in page
    assert 'data-panel="windows.overdue_tickets"' in page and "ZG202601-" in page


def test_the_overdue_panel_shows_a_window_manager_its_own_tickets_only(world):
    give_rating(world.units["window2"], 1, when=at(datetime.date(2026, 1, 5)))
    page = world.client("window_manager").get(world.url("")).content.decode()
    assert "ZG202601-" not in page and "没有逾期工单" in page


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("windows.satisfaction_rate", D("66.67")),
        ("windows.inspection_score", D("90.00")),
        ("windows.overdue_tickets", D(1)),
    ],
)
def test_the_indicator_sources_compute_in_batch(world, key, expected):
    ratings(world.units["window"], [5, 5, 4, 4, 3])
    give_rating(world.units["window"], 1, when=at(datetime.date(2026, 11, 2)))
    inspected(world, world.units["window"], 90)
    units = [world.units["window"], world.units["window2"], world.units["office"]]
    with scope(community=world.community.pk):
        values = sources.compute(key, units, datetime.date(2026, 11, 1), datetime.date(2026, 11, 30))
    assert values[world.units["window"].pk] == expected
    assert values[world.units["office"].pk] is None  # not a window
    if key != "windows.overdue_tickets":
        assert values[world.units["window2"].pk] is None  # nothing to measure


def test_the_window_page_shows_the_months_figures_and_the_qr_links(world, standard):
    give_rating(world.units["window"], 5)
    page = (
        world.client("window_manager").get(world.url(f"windows/{world.units['window'].pk}/")).content.decode()
    )
    assert "甲窗口" in page and "二维码海报（PDF）" in page and "100.0%" in page
    assert "更换二维码" not in page  # the window does not replace its own QR code
    assert (
        world.client("party_member").get(world.url(f"windows/{world.units['window'].pk}/")).status_code == 200
    )
    assert world.client("secretary").get(world.url(f"windows/{world.units['office'].pk}/")).status_code == 404


def test_the_public_window_page_shows_its_standard_satisfaction_and_title(world, standard, rate_url):
    give_rating(world.units["window"], 5)
    with scopes_disabled():
        BenchmarkTitle.objects.create(
            community=world.community,
            window=world.units["window"],
            year=datetime.date.today().year,
            reason="满意率第一",
            designated_by=world.secretary,
        )
    url = rate_url().replace("/r/", "/w/")
    page = Client().get(url).content.decode()
    assert "甲窗口" in page and "食堂标准" in page and "文明用语" in page
    assert "标杆窗口" in page and "满意率第一" in page and "100.0%" in page


def test_an_item_not_applicable_is_left_off_the_public_page(world, standard, rate_url):
    with scopes_disabled():
        from sanjian.windows.models import Criterion, NotApplicable

        NotApplicable.objects.create(
            community=world.community,
            window=world.units["window"],
            criterion=Criterion.objects.get(code="3.1"),
            reason="x",
        )
    page = Client().get(rate_url().replace("/r/", "/w/")).content.decode()
    assert "文明用语" in page and "每周一道菜" not in page


def test_the_policy_defaults_without_a_row(world):
    with scope(community=world.community.pk):
        policy = selectors.policy_for(world.community)
    assert (policy.pk, policy.ticket_deadline_workdays) == (None, 5)
    with scopes_disabled():
        assert not Policy.objects.exists() and not Rating.objects.exists()


def test_a_new_window_of_a_linked_unit_appears_in_the_supervisors_reach(world):
    with scopes_disabled():
        window4 = UnitFactory(
            community=world.community, kind="window", code="w4", name="丁窗口", parent=world.units["network"]
        )
        LinkageFactory(window=window4, office=world.units["office"], supervisor=world.units["supervisor"])
    give_rating(window4, 1)
    page = world.client("supervisor").get(world.url("windows/tickets/")).content.decode()
    assert "丁窗口" in page
