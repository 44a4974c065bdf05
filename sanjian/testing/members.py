"""People and party members for the tests: valid ID numbers, factories, and the ``crew`` fixture
(a branch with a committee whose organisation member is the ``party_member`` login, also given the
``branch_committee`` role, a second
branch with its own committee, a few plain members). Used by the members tests and by every app
that keeps records about people."""

from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass
from typing import Any

import factory
import pytest
from django_scopes import scopes_disabled

from sanjian.members.models import PartyMember, PartyPost, PartyStatus, Person
from sanjian.members.validators import birth_date_of, check_character
from sanjian.testing import factories as f

_sequence = itertools.count(1)


def make_id_number(
    born: datetime.date = datetime.date(1985, 6, 15), *, male: bool = True, area: str = "130481"
) -> str:
    """A valid ID number, a new one on every call."""
    n = next(_sequence)
    born = born - datetime.timedelta(days=n // 499)  # 499 numbers a day, then the day before
    first17 = f"{area}{born:%Y%m%d}{(n % 499) * 2 + (1 if male else 0):03d}"
    return first17 + check_character(first17)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"人员{n}")
    gender = "male"
    id_number = factory.LazyAttribute(lambda o: make_id_number(male=o.gender == "male"))
    birth_date = factory.LazyAttribute(lambda o: birth_date_of(o.id_number))


class PartyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyMember

    community = factory.SelfAttribute("person.community")
    person = factory.SubFactory(PersonFactory)
    status = PartyStatus.FULL
    joined_on = datetime.date(2010, 7, 1)
    full_on = datetime.date(2011, 7, 1)


@dataclass
class Crew:
    organiser: Any  # PartyMember of world.units["branch"], linked to the party_member login
    members: list  # plain members of world.units["branch"]
    other_secretary: Any  # PartyMember, secretary of world.units["branch2"], linked to login "other_branch"
    other_members: list
    worker: Any  # a Person at world.units["window"], no party archive


@pytest.fixture
def crew(world: Any) -> Crew:
    c = world.community
    branch, branch2 = world.units["branch"], world.units["branch2"]
    with scopes_disabled():
        # Both committee members are given the branch committee's role on purpose (defect 11.9):
        # sitting on a committee in the archive alone gives no branch work.
        f.MembershipFactory(user=world.party_member, role="branch_committee", community=c, unit=branch)
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
        f.MembershipFactory(user=other_user, role="branch_committee", community=c, unit=branch2)
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
