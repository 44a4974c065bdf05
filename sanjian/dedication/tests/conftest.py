"""The dedication world: the members' crew (``sanjian.testing.members``) (an organiser who is the
``party_member`` login and organisation member of ``branch``, plain members, a second branch
whose secretary is the ``other_branch`` login), plus a project and an activity of yesterday."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled

from sanjian.dedication.models import Activity, Project, ProjectKind
from sanjian.testing.demo import demo, yangyi  # noqa: F401  (the fixtures, shared)
from sanjian.testing.members import Crew, crew  # noqa: F401  (the fixture, shared)

TZ = timezone.get_default_timezone()


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware Asia/Shanghai datetime."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=TZ)


@dataclass
class Ded:
    crew: Crew
    project: Any
    activity: Any  # yesterday 08:00–12:00, organised by crew.organiser's person
    yesterday: datetime.date


def make_activity(
    community: Any, organiser: Any, start: datetime.datetime, end: datetime.datetime, **kw: Any
) -> Any:
    if "project" not in kw:
        kw.setdefault("category", "civility")
    with scopes_disabled():
        return Activity.objects.create(
            community=community,
            organiser=organiser,
            starts_at=start,
            ends_at=end,
            title=kw.pop("title", "清扫楼道"),
            place=kw.pop("place", "3号楼"),
            **kw,
        )


@pytest.fixture
def ded(world, crew) -> Ded:  # noqa: F811
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with scopes_disabled():
        project = Project.objects.create(
            community=world.community,
            name="家电义务维修",
            kind=ProjectKind.DEDICATION,
            goal="为居民义务维修家电",
            leader=crew.organiser.person,
            starts_on=yesterday - datetime.timedelta(days=60),
            target_hours=100,
            target_benefit=5000,
        )
        activity = make_activity(
            world.community,
            crew.organiser.person,
            at(yesterday, 8),
            at(yesterday, 12),
            project=project,
            category="project",
        )
    return Ded(crew, project, activity, yesterday)
