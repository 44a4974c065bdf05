"""Defect 11.15: the units of measure kept as text in the library ("分", "次") are shown in the
reader's language: "91.5 points" and "0 times" in English, 91.5分 and 0次 in Chinese."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.utils import translation
from django_scopes import scopes_disabled

from sanjian.assessment.measures import measured, unit_label
from sanjian.assessment.models import Result
from sanjian.assessment.tests.conftest import advance, enter


@pytest.mark.parametrize(
    "value, measure, chinese, english",
    [
        (D("91.5"), "分", "91.5分", "91.5 points"),
        (D(0), "次", "0次", "0 times"),
        (D(1), "次", "1次", "1 time"),
        (D("12.5"), "小时", "12.5小时", "12.5 hours"),
        (D(600), "元", "600元", "600 yuan"),
        (D("93.3"), "%", "93.3%", "93.3%"),
        (D("4.5"), "元/餐", "4.5元/餐", "4.5 元/餐"),  # unknown: kept as written
        (D(7), "", "7", "7"),
    ],
)
def test_a_value_is_shown_with_its_unit_in_the_readers_language(value, measure, chinese, english):
    with translation.override("zh-hans"):
        assert measured(value, measure) == chinese
    with translation.override("en"):
        assert measured(value, measure) == english


def test_a_unit_alone_is_translated_when_known():
    with translation.override("en"):
        assert (unit_label("分"), unit_label("次"), unit_label("元/餐")) == ("points", "times", "元/餐")
    with translation.override("zh-hans"):
        assert unit_label("次") == "次"


@pytest.fixture
def result(world, library, month):
    with scopes_disabled():
        library.hygiene.measure = "分"
        library.hygiene.save()
    enter(world, month, world.units["window"], library.hygiene, "value", D("91.5"), "检查记录")
    advance(world, month, to="published")
    with scopes_disabled():
        return Result.objects.get(period=month, unit=world.units["window"])


def test_the_result_page_speaks_the_readers_language(world, result):
    client = world.client("secretary")
    url = world.url(f"assessment/results/{result.pk}/")
    assert "91.5分" in client.get(url).content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(url).content.decode()
    assert "91.5 points" in page and "91.5分" not in page
