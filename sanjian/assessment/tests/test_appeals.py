"""申诉 within the window, decisions applied as recorded adjustments; then the period is final."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from sanjian.assessment import services
from sanjian.assessment.models import Adjustment, Appeal, Indicator, Period, PeriodStatus, Result
from sanjian.assessment.tests.conftest import advance, enter

D = Decimal
TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def published(world, library, month):
    enter(world, month, world.units["window"], library.hygiene, "value", 80, "地面不洁")
    enter(world, month, world.units["window2"], library.hygiene, "value", 85)
    enter(world, month, world.units["window3"], library.hygiene, "value", 60)
    return advance(world, month, to="published")


def result_of(world, period, unit="window") -> Result:
    with scopes_disabled():
        return Result.objects.select_related("period", "unit").get(period=period, unit=world.units[unit])


def indicator_of(code):
    with scopes_disabled():
        return Indicator.objects.get(code=code)


def appeal_page(world, who, result):
    return world.client(who).get(world.url(f"assessment/results/{result.pk}/appeal/"))


def test_a_window_manager_appeals_an_item_of_its_own_result(world, published):
    result = result_of(world, published)
    hygiene = indicator_of("hygiene")
    response = world.client("window_manager").post(
        world.url(f"assessment/results/{result.pk}/appeal/"),
        {"indicator": hygiene.pk, "reason": "当日停水，地面无法冲洗"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        appeal = Appeal.objects.get()
    assert (appeal.status, appeal.filed_by, appeal.indicator) == ("pending", world.window_manager, hygiene)
    assert appeal.line.earned == D("26.67")  # the item as published: 80 on a 60 → 90 scale, of 40
    page = world.client("secretary").get(world.url(f"assessment/periods/{published.pk}/")).content.decode()
    assert "待处理的申诉" in page


def test_an_appeal_carries_its_evidence_for_the_staff_to_read(world, published):
    from django.core.files.uploadedfile import SimpleUploadedFile

    result = result_of(world, published)
    record = SimpleUploadedFile("record.pdf", b"%PDF-1.4 minutes of the call", content_type="application/pdf")
    data = {"indicator": indicator_of("hygiene").pk, "reason": "停水", "evidence": record}
    assert (
        world.client("window_manager")
        .post(world.url(f"assessment/results/{result.pk}/appeal/"), data)
        .status_code
        == 302
    )
    with scopes_disabled():
        appeal = Appeal.objects.get()
    evidence = world.url(f"assessment/appeals/{appeal.pk}/evidence/")
    download = world.client("inspector").get(evidence)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    # the appeals are the assessment's working papers, not the public notice
    assert world.client("party_member").get(evidence).status_code == 403
    wrong = SimpleUploadedFile("x.sh", b"#!/bin/sh", content_type="text/plain")
    data = {"indicator": indicator_of("satisfaction").pk, "reason": "x", "evidence": wrong}
    assert (
        world.client("window_manager")
        .post(world.url(f"assessment/results/{result.pk}/appeal/"), data)
        .status_code
        == 400
    )


def test_only_people_tied_to_the_unit_appeal(world, published):
    mine, other = result_of(world, published), result_of(world, published, "window2")
    assert appeal_page(world, "window_manager", mine).status_code == 200
    assert appeal_page(world, "office", mine).status_code == 200  # the department that guarantees it
    assert appeal_page(world, "window_manager", other).status_code == 403
    for who in ["secretary", "inspector", "medical"]:
        assert appeal_page(world, who, mine).status_code == 403, who


def test_an_appeal_without_grounds_is_refused(world, published):
    result = result_of(world, published)
    response = world.client("window_manager").post(
        world.url(f"assessment/results/{result.pk}/appeal/"),
        {"indicator": indicator_of("hygiene").pk, "reason": ""},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not Appeal.objects.exists()


def test_an_indicator_that_is_not_in_the_result_cannot_be_appealed(world, published):
    mine = result_of(world, published)
    response = world.client("window_manager").post(
        world.url(f"assessment/results/{mine.pk}/appeal/"),
        {"indicator": indicator_of("party").pk, "reason": "x"},  # an office's indicator
    )
    assert response.status_code == 400
    with scope(community=world.community.pk), pytest.raises(ValidationError, match="不属于此考核结果"):
        services.appeal_file(
            result=mine, indicator=indicator_of("party"), reason="x", actor=world.window_manager
        )


def test_appeals_close_with_the_window(world, library, month):
    period = advance(world, month, to="published", now=datetime.datetime(2026, 11, 20, 9, tzinfo=TZ))
    result = result_of(world, period)
    hygiene = indicator_of("hygiene")
    last_moment = datetime.datetime(2026, 11, 27, 23, 59, 59, tzinfo=TZ)
    with scope(community=world.community.pk):
        services.appeal_file(
            result=result, indicator=hygiene, reason="x", actor=world.window_manager, now=last_moment
        )
        with pytest.raises(ValidationError, match="申诉期已结束"):
            services.appeal_file(
                result=result,
                indicator=indicator_of("satisfaction"),
                reason="y",
                actor=world.window_manager,
                now=last_moment + datetime.timedelta(seconds=1),
            )


def test_an_upheld_appeal_is_applied_as_an_adjustment_and_the_ranks_follow(world, published):
    result, rival = result_of(world, published), result_of(world, published, "window2")
    assert (result.rank, rival.rank) == (2, 1)
    with scope(community=world.community.pk):
        appeal = services.appeal_file(
            result=result, indicator=indicator_of("hygiene"), reason="停水", actor=world.window_manager
        )
    url = world.url(f"assessment/appeals/{appeal.pk}/")
    assert world.client("inspector").get(url).status_code == 403
    refused = world.client("secretary").post(url, {"upheld": "1", "decision": "情况属实", "points": ""})
    assert refused.status_code == 400
    response = world.client("secretary").post(
        url, {"upheld": "1", "decision": "情况属实，予以加分", "points": "15"}
    )
    assert response.status_code == 302
    result, rival = result_of(world, published), result_of(world, published, "window2")
    with scopes_disabled():
        assert {h.total for h in result.history.all()} == {result.total}  # the published score never changes
    assert result.adjustment == D(15) and result.final_total == result.total + 15
    assert (result.rank, rival.rank) == (1, 2)
    with scopes_disabled():
        adjustment = Adjustment.objects.get()
    assert (adjustment.appeal, adjustment.made_by, adjustment.reason) == (
        appeal,
        world.secretary,
        "情况属实，予以加分",
    )
    page = (
        world.client("party_member")
        .get(world.url(f"assessment/periods/{published.pk}/results/"))
        .content.decode()
    )
    assert "情况属实，予以加分" in page and "+15.00" in page


def test_a_rejected_appeal_changes_nothing(world, published):
    result = result_of(world, published)
    with scope(community=world.community.pk):
        appeal = services.appeal_file(
            result=result, indicator=indicator_of("hygiene"), reason="x", actor=world.window_manager
        )
        services.appeal_decide(
            appeal=appeal, upheld=False, decision="检查记录有照片为证", actor=world.secretary
        )
        with pytest.raises(ValidationError, match="已处理"):
            services.appeal_decide(
                appeal=appeal, upheld=True, points=D(1), decision="改判", actor=world.secretary
            )
    assert result_of(world, published).final_total == result.total
    with scopes_disabled():
        assert not Adjustment.objects.exists()


def test_the_secretary_corrects_a_published_result_with_a_reason(world, published):
    result = result_of(world, published)
    url = world.url(f"assessment/results/{result.pk}/adjust/")
    assert world.client("secretary").post(url, {"points": "-2", "reason": ""}).status_code == 400
    assert world.client("inspector").post(url, {"points": "-2", "reason": "x"}).status_code == 403
    assert world.client("secretary").post(url, {"points": "-2", "reason": "漏计一次投诉"}).status_code == 302
    assert result_of(world, published).adjustment == D(-2)


def test_after_the_window_the_period_is_final_and_locked(world, published):
    result = result_of(world, published)
    with scopes_disabled():
        Period.objects.filter(pk=published.pk).update(
            appeal_deadline=timezone.now() - datetime.timedelta(minutes=1)
        )
    response = world.client("secretary").post(
        world.url(f"assessment/results/{result.pk}/adjust/"), {"points": "1", "reason": "补充"}
    )
    assert response.status_code == 400 and "尚未定案" in response.content.decode()
    assert result_of(world, published).adjustment == 0
    with scopes_disabled():
        assert services.periods_finalise_due() == 1
        assert Period.objects.get(pk=published.pk).status == PeriodStatus.FINAL
    assert appeal_page(world, "window_manager", result).status_code == 302  # no form: see the next test
    page = world.client("window_manager").get(world.url(f"assessment/results/{result.pk}/")).content.decode()
    assert "申诉</a>" not in page


def test_the_appeal_form_is_not_offered_once_the_window_has_closed(world, published):
    result = result_of(world, published)
    assert 'name="reason"' in appeal_page(world, "window_manager", result).content.decode()
    with scopes_disabled():
        Period.objects.filter(pk=published.pk).update(
            appeal_deadline=timezone.now() - datetime.timedelta(minutes=1)
        )
    response = appeal_page(world, "window_manager", result)
    assert response.status_code == 302 and response["Location"].endswith(f"/assessment/results/{result.pk}/")
    page = (
        world.client("window_manager")
        .get(world.url(f"assessment/results/{result.pk}/appeal/"), follow=True)
        .content.decode()
    )
    assert "申诉期已结束" in page and 'name="reason"' not in page


def test_a_pending_appeal_holds_the_period_open_until_decided(world, published):
    result = result_of(world, published)
    with scope(community=world.community.pk):
        appeal = services.appeal_file(
            result=result, indicator=indicator_of("hygiene"), reason="x", actor=world.window_manager
        )
    later = timezone.now() + datetime.timedelta(days=30)
    with scopes_disabled():
        assert services.periods_finalise_due(now=later) == 0
    with scope(community=world.community.pk):
        Period.objects.filter(pk=published.pk).update(
            appeal_deadline=timezone.now() - datetime.timedelta(seconds=1)
        )
        services.appeal_decide(
            appeal=appeal, upheld=True, points=D(3), decision="成立", actor=world.secretary
        )
    with scopes_disabled():
        assert Period.objects.get(pk=published.pk).status == PeriodStatus.FINAL
    assert result_of(world, published).adjustment == D(3)
