"""A period's life: letters from templates, closing, review, publication, the appeal window, final."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from sanjian.assessment import services
from sanjian.assessment.models import Letter, LetterItem, Period, PeriodStatus, Result
from sanjian.assessment.tests.conftest import advance, enter, open_month

D = Decimal
TZ = ZoneInfo("Asia/Shanghai")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=TZ)


def test_opening_a_month_gives_every_unit_of_a_templated_kind_its_letter(world, library, month):
    with scopes_disabled():
        letters = {
            letter.unit.code: letter for letter in Letter.objects.filter(period=month).select_related("unit")
        }
        window_items = LetterItem.objects.filter(letter=letters["w1"]).order_by("sort_order")
        assert [(i.indicator.code, i.weight) for i in window_items] == [
            ("hygiene", 40),
            ("satisfaction", 30),
            ("complaints", 20),
            ("cost", 10),
        ]
    assert set(letters) == {"w1", "w2", "w3", "o1", "o2"}  # no template for branches and supervisors
    assert letters["w1"].responsible == world.window_manager  # the unit's own member
    assert letters["w1"].issuer == world.secretary
    assert (month.start, month.end) == (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


def test_the_next_month_copies_the_letters_as_amended(world, library, month):
    with scopes_disabled():
        item = LetterItem.objects.get(
            letter__period=month, letter__unit=world.units["window"], indicator=library.hygiene
        )
    item.target = D(95)
    with scopes_disabled():
        item.save()
    april = open_month(world, month=4)
    with scopes_disabled():
        copied = LetterItem.objects.get(
            letter__period=april, letter__unit=world.units["window"], indicator=library.hygiene
        )
        other = LetterItem.objects.get(
            letter__period=april, letter__unit=world.units["window2"], indicator=library.hygiene
        )
    assert (copied.target, other.target) == (D(95), D(90))


def test_a_template_whose_weights_do_not_add_up_to_100_is_refused(world, library):
    with scopes_disabled():
        library.office_template.items.update(weight=D(90))
    with pytest.raises(ValidationError, match="100"):
        open_month(world)
    with scopes_disabled():
        assert not Period.objects.exists()


def test_the_same_period_cannot_be_opened_twice(world, library, month):
    with pytest.raises(ValidationError):
        open_month(world)


def test_entries_after_closing_are_refused(world, library, month):
    advance(world, month, to="closed")
    with pytest.raises(ValidationError, match="关闭"):
        enter(world, month, world.units["window"], library.hygiene, "value", 80)


def test_steps_cannot_be_skipped(world, library, month):
    with scope(community=world.community.pk), pytest.raises(ValidationError):
        services.period_publish(period=month, actor=world.secretary)
    advance(world, month, to="closed")
    with scope(community=world.community.pk), pytest.raises(ValidationError):
        services.period_publish(period=month, actor=world.secretary)


def test_reopening_drops_the_results_and_records_why(world, library, month):
    advance(world, month, to="closed")
    with scope(community=world.community.pk):
        services.period_reopen(period=month, reason="漏录检查结果", actor=world.secretary)
        assert not Result.objects.filter(period=month).exists()
        assert month.history.first().history_change_reason == "漏录检查结果"
    enter(world, month, world.units["window"], library.hygiene, "value", 80)


def current_month(world):
    today = timezone.localdate()
    return open_month(world, year=today.year, month=today.month)


def test_closing_a_period_before_its_end_needs_a_reason_which_is_recorded(world, library):
    period = current_month(world)
    with scope(community=world.community.pk):
        with pytest.raises(ValidationError, match="原因"):
            services.period_close(period=period, actor=world.secretary)
        period.refresh_from_db()
        assert period.status == PeriodStatus.OPEN and not Result.objects.filter(period=period).exists()
        services.period_close(period=period, actor=world.secretary, early_reason="街道要求提前报送")
        period.refresh_from_db()
        assert period.status == PeriodStatus.CLOSED
        assert period.history.first().history_change_reason == "街道要求提前报送"


def test_the_page_asks_to_confirm_an_early_close_with_a_reason(world, library):
    period = current_month(world)
    client = world.client("secretary")
    page = client.get(world.url(f"assessment/periods/{period.pk}/")).content.decode()
    assert 'name="early_reason"' in page and 'name="confirm_early"' in page
    close = world.url(f"assessment/periods/{period.pk}/step/close/")
    for data in ({}, {"early_reason": "提前报送"}, {"confirm_early": "on", "early_reason": " "}):
        response = client.post(close, data, follow=True)
        assert "原因" in response.content.decode()
        period.refresh_from_db()
        assert period.status == PeriodStatus.OPEN, data
    client.post(close, {"confirm_early": "on", "early_reason": "提前报送"})
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED


def test_a_period_that_has_ended_closes_without_a_reason(world, library, month):
    page = world.client("secretary").get(world.url(f"assessment/periods/{month.pk}/")).content.decode()
    assert 'name="early_reason"' not in page
    world.client("secretary").post(world.url(f"assessment/periods/{month.pk}/step/close/"))
    month.refresh_from_db()
    assert month.status == PeriodStatus.CLOSED


def test_the_appeal_window_is_five_working_days_after_publication(world, library, month):
    published = at(2026, 9, 29, 10)  # a Tuesday before the National Day holiday
    period = advance(world, month, to="published", now=published)
    assert period.status == PeriodStatus.PUBLISHED
    assert period.appeal_deadline == at(
        2026, 10, 12, 23, 59, 59
    )  # 30 Sep; 8, 9, 10 (a makeup Saturday), 12 Oct
    assert period.appeals_open(at(2026, 10, 12, 23, 59, 59))
    assert not period.appeals_open(at(2026, 10, 13, 0, 0, 0))


def test_the_appeal_window_follows_the_policy(world, library, month):
    from sanjian.assessment.models import Policy

    with scopes_disabled():
        Policy.objects.create(community=world.community, appeal_workdays=1)
    period = advance(world, month, to="published", now=at(2026, 11, 20, 9))  # Friday
    assert period.appeal_deadline == at(2026, 11, 23, 23, 59, 59)  # Monday


def test_after_the_window_the_period_becomes_final(world, library, month):
    period = advance(world, month, to="published", now=at(2026, 11, 20, 9))
    with scope(community=world.community.pk):
        assert not services.period_finalise(period=period, now=at(2026, 11, 27, 23, 0))
    with scopes_disabled():
        assert services.periods_finalise_due(now=at(2026, 11, 28, 0, 0)) == 1
        period.refresh_from_db()
    assert period.status == PeriodStatus.FINAL and period.finalised_at == at(2026, 11, 28)


def test_the_finalising_task_runs_across_communities(world, library, month):
    from sanjian.assessment.tasks import finalise_due_periods

    with scopes_disabled():
        Period.objects.filter(pk=month.pk).update(
            status=PeriodStatus.PUBLISHED, appeal_deadline=at(2020, 1, 1), published_at=at(2019, 12, 25)
        )
    finalise_due_periods.call_local()
    month.refresh_from_db()
    assert month.status == PeriodStatus.FINAL


def test_the_secretary_opens_a_month_on_the_page(world, library):
    url = world.url("assessment/periods/new/")
    response = world.client("secretary").post(
        url, {"kind": "month", "year": "2026", "number": "5", "note": ""}
    )
    assert response.status_code == 302
    with scopes_disabled():
        period = Period.objects.get()
        assert period.letters.count() == 5
    page = world.client("secretary").get(response["Location"]).content.decode()
    assert "2026年5月" in page and "甲窗口" in page and "评分中" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "month", "year": "2026", "number": "13"}, "没有这个月份或季度"),
        ({"kind": "quarter", "year": "2026", "number": "5"}, "没有这个月份或季度"),
        ({"kind": "month", "year": "1999", "number": "1"}, "2000"),
    ],
)
def test_a_period_that_does_not_exist_is_refused(world, library, data, message):
    response = world.client("secretary").post(world.url("assessment/periods/new/"), data)
    assert response.status_code == 400 and message in response.content.decode()
    with scopes_disabled():
        assert not Period.objects.exists()


def test_the_same_period_twice_is_refused_on_the_page(world, library, month):
    data = {"kind": "month", "year": "2026", "number": "3"}
    response = world.client("secretary").post(world.url("assessment/periods/new/"), data)
    assert response.status_code == 400 and "该考核期已存在" in response.content.decode()


def test_only_leaders_open_and_reopen_periods(world, library, month):
    advance(world, month, to="closed")
    for who in ["office", "supervisor", "window_manager", "inspector", "party_member", "medical"]:
        assert world.client(who).get(world.url("assessment/periods/new/")).status_code == 403
        reopen = world.client(who).post(world.url(f"assessment/periods/{month.pk}/reopen/"), {"reason": "x"})
        assert reopen.status_code == 403
    month.refresh_from_db()
    assert month.status == "closed"


def test_periods_are_named_in_each_language_s_own_way():
    from django.utils import translation

    month, quarter = Period(kind="month", year=2026, number=11), Period(kind="quarter", year=2026, number=4)
    with translation.override("en"):
        assert (str(month), str(quarter)) == ("November 2026", "Q4 2026")
    with translation.override("zh-hans"):
        assert (str(month), str(quarter)) == ("2026年11月", "2026年第4季度")
