"""The health world: the world's ``medical`` login as the doctor, a ``medical_lead`` login,
and a helper that opens archives (people made by the members' factory)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.health.models import Condition
from sanjian.health.services import archives
from sanjian.health.services.conditions import conditions_ensure
from sanjian.tenancy.roles import Role
from sanjian.testing import factories as f
from sanjian.testing.demo import demo, yangyi  # noqa: F401  (the fixtures, shared)
from sanjian.testing.members import PersonFactory


@dataclass
class Med:
    world: Any
    doctor: Any  # the world's "medical" login
    lead: Any  # "medical_lead"
    conditions: dict[str, Condition] = field(default_factory=dict)

    def archive(
        self,
        *codes: str,
        opened_on: datetime.date | None = None,
        name: str = "",
        community: Any = None,
        **fields: Any,
    ) -> Any:
        """An archive of a new person with the conditions of ``codes``, the doctor responsible."""
        community = community or self.world.community
        with scopes_disabled():
            person = PersonFactory(community=community, **({"name": name} if name else {}))
        with scope(community=community.pk):
            conditions = [Condition.objects.get(code=c) for c in codes]
            fields.setdefault("doctor", self.doctor if community == self.world.community else None)
            return archives.archive_create(
                community=community,
                person=person,
                conditions=conditions,
                opened_on=opened_on,
                actor=self.doctor,
                **fields,
            )


@pytest.fixture
def med(world) -> Med:
    with scopes_disabled():
        lead = f.UserFactory(username="medical_lead", first_name="医务主任")
        f.MembershipFactory(user=lead, role=Role.MEDICAL_LEAD, community=world.community)
    world.users["medical_lead"] = lead
    with scope(community=world.community.pk):
        conditions_ensure(community=world.community, actor=lead)
        conditions = {c.code: c for c in Condition.objects.all()}
    return Med(world, world.medical, lead, conditions)
