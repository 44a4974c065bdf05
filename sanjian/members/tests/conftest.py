"""The members of the test world: a branch with a committee whose organisation member is the
``party_member`` login, a second branch with its own committee, and a few plain members."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django_scopes import scopes_disabled

from sanjian.members.models import PartyPost
from sanjian.members.tests.factories import PartyMemberFactory, PersonFactory
from sanjian.testing import factories as f


@dataclass
class Crew:
    organiser: Any  # PartyMember of world.units["branch"], linked to the party_member login
    members: list  # plain members of world.units["branch"]
    other_secretary: Any  # PartyMember, secretary of world.units["branch2"], linked to login "other_branch"
    other_members: list
    worker: Any  # a Person at world.units["window"], no party archive


@pytest.fixture
def crew(world) -> Crew:
    c = world.community
    branch, branch2 = world.units["branch"], world.units["branch2"]
    with scopes_disabled():
        organiser = PartyMemberFactory(
            person=PersonFactory(community=c, name="组织委员", user=world.party_member),
            branch=branch,
            party_post=PartyPost.ORGANISATION,
        )
        members = [
            PartyMemberFactory(person=PersonFactory(community=c, name=f"党员{i}"), branch=branch)
            for i in range(3)
        ]
        other_user = f.UserFactory(username="other_branch", first_name="别支部书记")
        f.MembershipFactory(user=other_user, role="party_member", community=c, unit=branch2)
        world.users["other_branch"] = other_user
        other_secretary = PartyMemberFactory(
            person=PersonFactory(community=c, name="二支部书记", user=other_user),
            branch=branch2,
            party_post=PartyPost.SECRETARY,
        )
        other_members = [
            PartyMemberFactory(person=PersonFactory(community=c, name=f"二支党员{i}"), branch=branch2)
            for i in range(2)
        ]
        worker = PersonFactory(community=c, name="窗口职工", unit=world.units["window"])
    return Crew(organiser, members, other_secretary, other_members, worker)
