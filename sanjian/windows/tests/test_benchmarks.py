"""标杆窗口: the secretary designates benchmark windows for a year, with the reason; the title shows
on the window's public page and the rankings."""

from __future__ import annotations

from django.test import Client
from django_scopes import scopes_disabled

from sanjian.windows.models import BenchmarkTitle


def designate(world, who="secretary", window="window", year=2026, reason="满意率全年第一"):
    return world.client(who).post(
        world.url("windows/benchmarks/new/"),
        {"window": world.units[window].pk, "year": year, "reason": reason},
    )


def test_the_secretary_designates_a_benchmark_window_with_the_reason(world):
    assert designate(world).status_code == 302
    with scopes_disabled():
        title = BenchmarkTitle.objects.get()
        assert (title.window, title.year, title.designated_by, title.community) == (
            world.units["window"],
            2026,
            world.secretary,
            world.community,
        )
        assert title.history.get().history_user == world.secretary
    page = world.client("party_member").get(world.url("windows/benchmarks/")).content.decode()
    assert "甲窗口" in page and "满意率全年第一" in page and "撤销" not in page


def test_a_window_is_a_benchmark_once_a_year(world):
    designate(world)
    response = designate(world)
    assert response.status_code == 400 and "该窗口已是当年的标杆窗口" in response.content.decode()
    assert designate(world, year=2027).status_code == 302


def test_a_benchmark_needs_a_reason_and_a_window_of_the_community(world):
    assert designate(world, reason="").status_code == 400
    response = world.client("secretary").post(
        world.url("windows/benchmarks/new/"),
        {"window": world.units["office"].pk, "year": 2026, "reason": "x"},
    )
    assert response.status_code == 400
    response = world.client("secretary").post(
        world.url("windows/benchmarks/new/"),
        {"window": world.units["other_window"].pk, "year": 2026, "reason": "x"},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not BenchmarkTitle.objects.exists()


def test_only_the_leaders_designate_and_withdraw(world):
    for who in ["supervisor", "window_manager", "inspector", "office"]:
        assert designate(world, who=who).status_code == 403
    designate(world)
    with scopes_disabled():
        title = BenchmarkTitle.objects.get()
    assert (
        world.client("supervisor").post(world.url(f"windows/benchmarks/{title.pk}/revoke/")).status_code
        == 403
    )
    assert (
        world.client("company_admin").post(world.url(f"windows/benchmarks/{title.pk}/revoke/")).status_code
        == 302
    )
    with scopes_disabled():
        assert not BenchmarkTitle.objects.exists()
        assert BenchmarkTitle.history.filter(history_type="-").get().history_user == world.company_admin


def test_the_title_of_this_year_shows_on_the_public_page(world, rate_url):
    from django.utils import timezone

    designate(world, year=timezone.localdate().year, reason="党员示范岗")
    page = Client().get(rate_url().replace("/r/", "/w/")).content.decode()
    assert "年度标杆窗口" in page and "党员示范岗" in page
    other = Client().get(rate_url(world.units["window2"]).replace("/r/", "/w/")).content.decode()
    assert "党员示范岗" not in other
