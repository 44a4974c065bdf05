"""动态考核: quarters and years from the months, trends per unit and indicator, early warnings, movers."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from sanjian.assessment import services
from sanjian.assessment.models import Alert, Policy, Result
from sanjian.assessment.tests.conftest import advance, enter, open_month

D = Decimal


def publish_month(world, library, month, hygiene: dict[str, int], idle: tuple[str, ...] = ()):
    """A month in which each window's hygiene value is given (other indicators: full or unscored);
    ``idle`` windows were closed all month: nothing applies to them."""
    period = open_month(world, month=month)
    for unit, value in hygiene.items():
        enter(world, period, world.units[unit], library.hygiene, "value", value)
    for unit in idle:
        enter(world, period, world.units[unit], library.complaints, "not_applicable", None, "停业")
    return advance(world, period, to="published")


def totals(world, period) -> dict[str, Decimal | None]:
    with scopes_disabled():
        return {
            r.unit.code: r.final_total for r in Result.objects.filter(period=period).select_related("unit")
        }


@pytest.fixture
def quarter_of_months(world, library):
    # hygiene 60 → 0 of 40; 75 → 20; 90 → 40; complaints full 20 of 20; the rest unscored: over 60
    months = [
        publish_month(world, library, 1, {"window": 90, "window2": 60}),
        publish_month(world, library, 2, {"window": 75, "window2": 75}),
        publish_month(world, library, 3, {"window": 60}, idle=("window2",)),
    ]
    return months


def test_a_quarter_is_the_mean_of_the_months_a_unit_was_scored_in(world, library, quarter_of_months):
    jan, feb, _mar = quarter_of_months
    assert totals(world, jan)["w1"] == D(100) and totals(world, feb)["w1"] == D("66.67")
    with scope(community=world.community.pk):
        feb_w1 = Result.objects.get(period=feb, unit=world.units["window"])
        services.adjustment_make(result=feb_w1, points=D("3.33"), reason="申诉成立", actor=world.secretary)
        quarter = services.period_open(
            community=world.community, kind="quarter", year=2026, number=1, actor=world.secretary
        )
    quarter = advance(world, quarter, to="published")
    got = totals(world, quarter)
    assert got["w1"] == D("67.78")  # (100 + 70 + 33.33) ÷ 3, the February adjustment included
    assert got["w2"] == D("50.00")  # (33.33 + 66.67) ÷ 2: not scored in March
    with scopes_disabled():
        w2 = Result.objects.get(period=quarter, unit=world.units["window2"])
        hygiene = w2.line(library.hygiene.pk)
    assert w2.months == 2 and (hygiene.value, hygiene.earned) == (D("67.5000"), D(10))


def test_a_year_waits_until_its_months_are_published(world, library, quarter_of_months):
    open_month(world, month=4)
    with scope(community=world.community.pk):
        year = services.period_open(
            community=world.community, kind="year", year=2026, number=1, actor=world.secretary
        )
        with pytest.raises(ValidationError, match="以下月份尚未公示：2026年4月"):
            services.period_close(period=year, actor=world.secretary)
    assert year.status == "open"


def test_an_aggregate_period_has_no_letters(world, library, quarter_of_months):
    with scope(community=world.community.pk):
        year = services.period_open(
            community=world.community, kind="year", year=2026, number=1, actor=world.secretary
        )
        assert not year.letters.exists()
        with pytest.raises(ValidationError):
            services.letters_create(period=year, actor=world.secretary)


def test_falling_two_months_running_raises_a_warning(world, library, quarter_of_months):
    with scopes_disabled():
        alerts = {
            (a.period.number, a.unit.code, a.kind) for a in Alert.objects.select_related("period", "unit")
        }
    # w1: 100 → 66.67 → 33.33, a fall of 66.67 over two months; w2 rose in February
    assert (3, "w1", "falling") in alerts
    assert not any(code == "w2" and kind == "falling" for _n, code, kind in alerts)


def test_below_the_floor_two_months_running_raises_a_warning(world, library):
    with scopes_disabled():
        Policy.objects.create(community=world.community, floor_score=D(60), drop_margin=D(90))
    publish_month(world, library, 5, {"window": 60, "window2": 90})
    june = publish_month(world, library, 6, {"window": 75, "window2": 60})
    with scopes_disabled():
        alerts = [(a.unit.code, a.kind, a.score, a.reference) for a in Alert.objects.filter(period=june)]
    assert alerts == []  # w1 rose to 66.67, w2 fell to 33.33 from 100: below the floor only once
    july = publish_month(world, library, 7, {"window": 60, "window2": 60})
    with scopes_disabled():
        july_alerts = {(a.unit.code, a.kind) for a in Alert.objects.filter(period=july)}
    assert ("w2", "below_floor") in july_alerts  # 33.33 in June and July
    assert ("w1", "below_floor") not in july_alerts  # 66.67 in June


def test_the_trend_page_draws_the_score_and_each_indicator(world, library, quarter_of_months):
    page = world.client("party_member").get(world.url(f"assessment/units/{world.units['window'].pk}/trend/"))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-chart="line"' in html
    assert json.dumps(["2026年1月", "2026年2月", "2026年3月"]) in html
    assert "[100.0, 66.67, 33.33]" in html
    assert json.dumps("环境卫生") in html


def test_a_unit_that_is_not_assessed_has_no_trend(world, library):
    assert (
        world.client("secretary")
        .get(world.url(f"assessment/units/{world.units['network'].pk}/trend/"))
        .status_code
        == 404
    )


def test_the_dashboard_shows_the_biggest_movers_of_the_latest_month(world, library, quarter_of_months):
    page = world.client("inspector").get(world.url("")).content.decode()
    assert 'data-panel="assessment.movers"' in page
    assert "2026年3月 升降最大的单位" in page and "甲窗口" in page and "-33.34" in page


def test_without_a_published_month_the_dashboard_shows_no_movers(world, library):
    assert (
        'data-panel="assessment.movers"' not in world.client("secretary").get(world.url("")).content.decode()
    )


def test_the_warnings_page_lists_the_warnings_of_the_latest_month(world, library, quarter_of_months):
    page = world.client("medical").get(world.url("assessment/warnings/")).content.decode()
    table = page.split("预警 · 2026年3月")[1].split("</table>")[0]
    assert "连续两月下滑" in table and "甲窗口" in table
    assert "乙窗口" not in table  # below the floor in February; idle in March
