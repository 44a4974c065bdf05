"""The dashboard's figures and charts are computed once and kept (``dashboard.snapshot``): a
second request reads them from the cache, a write request to the community drops them at once,
and the monthly series the charts draw equal a query of their own."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from sanjian.lib.dates import Month
from sanjian.reports.models import HonourLevel
from sanjian.windows import selectors as windows
from sanjian.windows.models import BenchmarkTitle, DailyRollup

QUERY = "?from=2026-01&to=2026-10"


def tiles(page: str) -> dict[str, str]:
    """Every headline figure of the page, by its address."""
    return dict(
        re.findall(
            r'data-figure="([^"]+)"[^>]*><div class="card-body py-2">\s*<div class="sj-figure">([^<]*)', page
        )
    )


def benchmarks(client, world) -> str:
    return tiles(client.get(world.url("" + QUERY)).content.decode())["windows.benchmark_titles"]


def designate(world) -> None:
    """A benchmark title written straight to the database: no request, so nothing drops the cache."""
    with scope(community=world.community.pk):
        BenchmarkTitle.objects.create(
            community=world.community,
            window=world.units["window"],
            year=2026,
            reason="群众满意度连续第一",
            designated_by=world.secretary,
        )


def enter_honour(client, world, **changes):
    data = {
        "title": "省级文明社区",
        "level": HonourLevel.PROVINCE,
        "awarding_body": "河北省精神文明建设委员会",
        "awarded_on": "2026-03-01",
        "unit": "",
        "person": "",
        "note": "",
        **changes,
    }
    return client.post(world.url("reports/honours/new/"), data)


def test_a_second_request_reads_the_figures_and_charts_from_the_cache(world):
    client = world.client("secretary")
    with CaptureQueriesContext(connection) as first:
        page = client.get(world.url("" + QUERY)).content.decode()
    with CaptureQueriesContext(connection) as second:
        again = client.get(world.url("" + QUERY)).content.decode()
    assert tiles(page) and tiles(again) == tiles(page)
    # The seven apps' headlines of two periods and the charts' series are not asked again.
    assert len(second.captured_queries) <= len(first.captured_queries) - 30
    assert "data-computed-at" in again and "至多滞后60秒" in again


def test_a_write_request_to_the_community_drops_the_kept_figures(world):
    client = world.client("secretary")
    assert benchmarks(client, world) == "0"
    designate(world)
    assert benchmarks(client, world) == "0", "kept: nothing was written through a request"
    assert enter_honour(client, world).status_code == 302
    assert benchmarks(client, world) == "1"


def test_a_refused_write_and_another_communitys_write_keep_them(world):
    client = world.client("secretary")
    assert benchmarks(client, world) == "0"
    designate(world)
    assert enter_honour(client, world, awarded_on="").status_code == 400
    assert enter_honour(world.client("neighbour"), world).status_code == 404
    assert benchmarks(client, world) == "0"


@override_settings(REPORTS_DASHBOARD_SECONDS=0)
def test_with_nothing_kept_every_request_computes_them(world):
    client = world.client("secretary")
    assert benchmarks(client, world) == "0"
    designate(world)
    assert benchmarks(client, world) == "1"
    assert "data-computed-at" not in client.get(world.url("" + QUERY)).content.decode()


def test_the_monthly_ratings_equal_a_query_of_their_own(world):
    start, end = datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)
    days = [datetime.date(2026, 1, 5), datetime.date(2026, 1, 31), datetime.date(2026, 3, 1)]
    with scope(community=world.community.pk):
        for n, day in enumerate(days, start=1):
            for window in (world.units["window"], world.units["window2"]):
                DailyRollup.objects.create(
                    community=world.community, window=window, day=day, level_1=n, level_4=2 * n, level_5=7
                )
        DailyRollup.objects.create(  # outside the period
            community=world.community, window=world.units["window"], day=datetime.date(2026, 4, 1), level_5=9
        )
        expected: dict[Month, list[int]] = {}
        for day, *levels in DailyRollup.objects.filter(day__range=(start, end)).values_list(
            "day", "level_1", "level_2", "level_3", "level_4", "level_5"
        ):
            counts = expected.setdefault(Month.of(day), [0] * 5)
            counts[:] = [a + b for a, b in zip(counts, levels, strict=True)]
        found = windows.monthly_ratings(start, end)
    assert set(found) == {Month(2026, 1), Month(2026, 3)}
    for month, counts in expected.items():
        total = sum(counts)
        assert found[month] == (total, Decimal(counts[3] + counts[4]) / total)
    assert found[Month(2026, 1)][0] == (1 + 2 + 7) * 2 + (2 + 4 + 7) * 2
