"""The windows tests' world: the canteen standard of 东风社区 and helpers around the world fixture."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django_scopes import scopes_disabled

from sanjian.testing.demo import demo, yangyi  # noqa: F401  (the fixtures, shared)
from sanjian.windows.models import Dimension
from sanjian.windows.tests.factories import CriterionFactory, StandardFactory
from sanjian.windows.tokens import window_token


@pytest.fixture
def standard(world):
    """The canteen standard: 50 points over four items (one capped at 4), and a veto item."""
    with scopes_disabled():
        standard = StandardFactory(community=world.community, network_type="canteen", title="食堂标准")
        items = [
            ("1.1", Dimension.SERVICE, "文明用语", 10, 10, False),
            ("1.2", Dimension.SERVICE, "统一着装", 10, 4, False),
            ("2.1", Dimension.ENVIRONMENT, "餐具消毒", 20, 20, False),
            ("3.1", Dimension.INNOVATION, "每周一道菜", 10, 10, False),
            ("V", Dimension.SERVICE, "严重投诉", 0, 0, True),
        ]
        for order, (code, dimension, title, points, cap, veto) in enumerate(items):
            CriterionFactory(
                standard=standard,
                code=code,
                dimension=dimension,
                title=title,
                points=Decimal(points),
                deduction_cap=Decimal(cap),
                is_veto=veto,
                sort_order=order,
            )
    return standard


@pytest.fixture
def rate_url(world):
    """The rating page of a window, as its QR code holds it."""

    def url(window=None) -> str:
        window = window or world.units["window"]
        return world.url(f"windows/r/{window_token(window)}/")

    return url
