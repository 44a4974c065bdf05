from __future__ import annotations

import datetime
import itertools

import factory

from sanjian.members.models import PartyMember, PartyStatus, Person
from sanjian.members.validators import birth_date_of, check_character

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
