"""Factories and helpers for the windows tests: records are made through the services where a
service exists, so that rollups, tickets and history are what the app itself would make."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone
from django_scopes import scope

from sanjian.windows import services
from sanjian.windows.models import Criterion, Dimension, Rating, Standard


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Standard

    network_type = "canteen"
    title = factory.Sequence(lambda n: f"职工食堂精细化工作标准{n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    community = factory.SelfAttribute("standard.community")
    standard = factory.SubFactory(StandardFactory)
    dimension = Dimension.SERVICE
    code = factory.Sequence(lambda n: f"9.{n}")
    title = factory.Sequence(lambda n: f"标准要求{n}")
    points = Decimal(10)
    deduction_cap = Decimal(10)


def give_rating(window: Any, level: int, *, when: datetime.datetime | None = None, **fields: Any) -> Rating:
    """A resident's rating through the service, at ``when`` (now by default)."""
    if level <= 2:
        fields.setdefault("reason", "attitude")
    with scope(community=window.community_id):
        return services.rating_submit(
            community=window.community, window=window, level=level, now=when or timezone.now(), **fields
        )


def at(day: datetime.date, hour: int = 12) -> datetime.datetime:
    """An aware moment on ``day`` in the community's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
