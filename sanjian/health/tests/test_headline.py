"""The figures ``reports`` reads: counts and rates only, and a bad period refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_scopes import scope, scopes_disabled

from sanjian.health import selectors
from sanjian.health.models import OutreachEvent, OutreachKind, VisitMethod
from sanjian.health.services import plans as plan_services
from sanjian.health.services.visits import visit_record

D = datetime.date


def test_headline_counts_archives_conditions_visits_and_the_on_time_rate(med):
    first = med.archive("hypertension", "diabetes", opened_on=D(2024, 1, 1))
    second = med.archive("hypertension", opened_on=D(2024, 1, 1))
    med.archive("pneumoconiosis", opened_on=D(2025, 6, 1))  # opened after the period
    with scope(community=med.world.community.pk):
        for archive in (first, second):
            plan_services.plans_generate(archive=archive, year=2024, actor=med.doctor)
        visit_record(archive=first, date=D(2024, 3, 10), method=VisitMethod.CLINIC, actor=med.doctor)
        visit_record(archive=second, date=D(2024, 4, 2), method=VisitMethod.HOME, actor=med.doctor)
        OutreachEvent.objects.create(
            community=med.world.community,
            kind=OutreachKind.TALK,
            title="高血压防治讲座",
            date=D(2024, 2, 20),
            place="社区活动室",
            staff="王医生",
            people_served=35,
        )
    figures = selectors.headline(med.world.community, D(2024, 1, 1), D(2024, 3, 31))
    assert figures["archives"] == 2
    assert figures["by_condition"] == {"高血压": 2, "2型糖尿病": 1}
    assert figures["visits"] == 1
    # due by 31 March: first's hypertension and diabetes (done 10 March), second's (done late)
    assert figures["on_time_rate"] == Decimal("0.6667")
    assert figures["overdue"] == 0  # second's was done in April: no longer open
    assert (figures["outreach_events"], figures["people_served"]) == (1, 35)
    nothing = selectors.headline(med.world.community, D(2023, 1, 1), D(2023, 1, 31))
    assert (nothing["archives"], nothing["on_time_rate"], nothing["overdue"]) == (0, None, 0)


def test_headline_of_another_community_sees_nothing_of_this_one(med):
    med.archive("hypertension", opened_on=D(2024, 1, 1))
    with scopes_disabled():
        figures = selectors.headline(med.world.neighbour_community, D(2024, 1, 1), D(2024, 12, 31))
    assert figures["archives"] == 0 and figures["by_condition"] == {}


@pytest.mark.parametrize(("start", "end"), [(D(2024, 2, 1), D(2024, 1, 1)), ("2024-01-01", D(2024, 1, 31))])
def test_a_bad_period_is_refused_in_chinese(med, start, end):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        selectors.headline(med.world.community, start, end)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in refused.value.messages[0])
