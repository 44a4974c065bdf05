"""The assessment's test world: a small indicator library, templates for windows and offices,
and helpers that run the services as a request would (inside the community's scope)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.assessment import services
from sanjian.assessment.models import Category, Letter, LetterItem, Period
from sanjian.assessment.tests.factories import IndicatorFactory, TemplateFactory, TemplateItemFactory
from sanjian.testing.demo import demo, yangyi  # noqa: F401  (the fixtures, shared)

D = Decimal


@dataclass
class Library:
    hygiene: Any  # linear 60 → 90, manual value, inspectors may enter
    satisfaction: Any  # bands, manual value
    complaints: Any  # deduction per occurrence
    cost: Any  # automatic: cost variance, linear lower is better
    party: Any  # for offices
    window_template: Any
    office_template: Any


@pytest.fixture
def library(world) -> Library:
    c = world.community
    with scopes_disabled():
        hygiene = IndicatorFactory(
            community=c, code="hygiene", name="环境卫生", floor=D(60), target=D(90), entry_roles=["inspector"]
        )
        satisfaction = IndicatorFactory(
            community=c,
            code="satisfaction",
            name="群众满意率",
            measure="%",
            rule="bands",
            floor=None,
            target=None,
            bands=[["95", "100"], ["90", "80"], ["80", "50"]],
            bonus_cap=D(2),
        )
        complaints = IndicatorFactory(
            community=c,
            code="complaints",
            name="有效投诉",
            category=Category.CONTRACT,
            rule="deduction",
            floor=None,
            target=None,
            per_occurrence=D(5),
            cap=D(20),
            entry_roles=["inspector", "supervisor"],
        )
        cost = IndicatorFactory(
            community=c,
            code="cost",
            name="成本控制",
            category=Category.COST,
            source_key="assessment.cost_variance",
            higher_is_better=False,
            floor=D(10),
            target=D(0),
        )
        party = IndicatorFactory(community=c, code="party", name="党建工作", category=Category.PARTY)
        window_template = TemplateFactory(community=c, unit_kind="window", name="窗口责任状")
        for order, (indicator, weight) in enumerate(
            [(hygiene, 40), (satisfaction, 30), (complaints, 20), (cost, 10)]
        ):
            TemplateItemFactory(
                template=window_template, indicator=indicator, weight=D(weight), sort_order=order
            )
        office_template = TemplateFactory(community=c, unit_kind="office", name="科室责任状")
        TemplateItemFactory(template=office_template, indicator=party, weight=D(100))
    return Library(hygiene, satisfaction, complaints, cost, party, window_template, office_template)


def open_month(world, year: int = 2026, month: int = 3, who: str = "secretary") -> Period:
    with scope(community=world.community.pk):
        return services.period_open(
            community=world.community, kind="month", year=year, number=month, actor=world.users[who]
        )


@pytest.fixture
def month(world, library) -> Period:
    return open_month(world)


def item_of(period: Period, unit, indicator) -> LetterItem:
    with scopes_disabled():
        return LetterItem.objects.select_related("letter__period", "indicator").get(
            letter__period=period, letter__unit=unit, indicator=indicator
        )


def letter_of(period: Period, unit) -> Letter:
    with scopes_disabled():
        return Letter.objects.select_related("period", "unit").get(period=period, unit=unit)


def enter(world, period, unit, indicator, kind, amount, reason="检查记录", who="secretary"):
    item = item_of(period, unit, indicator)
    with scope(community=world.community.pk):
        return services.entry_add(
            item=item,
            kind=kind,
            amount=None if amount is None else D(str(amount)),
            reason=reason,
            actor=world.users[who],
        )


def advance(world, period: Period, *, to: str, who: str = "secretary", now=None) -> Period:
    """Run the period through its steps up to ``to`` (closed, reviewed, published)."""
    actor = world.users[who]
    with scope(community=world.community.pk):
        period.refresh_from_db()
        if period.status == "open":
            services.period_close(period=period, actor=actor)
        if to in ("reviewed", "published") and period.status == "closed":
            services.period_review(period=period, actor=actor)
        if to == "published" and period.status == "reviewed":
            services.period_publish(period=period, actor=actor, now=now)
        period.refresh_from_db()
    return period
