"""The import's fast history writer writes exactly what django-simple-history would."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django_scopes import scope

from sanjian.members.bulk import history_bulk_insert
from sanjian.members.models import DuesBase, Person
from sanjian.testing.members import make_id_number

IGNORED = {"history_id", "history_date"}


def rows(qs):
    return [
        {k: v for k, v in row.items() if k not in IGNORED}
        for row in qs.order_by("id", "history_type").values()
    ]


def test_history_rows_match_simple_history(world, crew):
    with scope(community=world.community.pk):
        people = [
            Person(
                community=world.community,
                name=f"甲{i}",
                gender="female",
                id_number=make_id_number(male=False),
                birth_date=datetime.date(1990, 1, 2),
                unit=world.units["window"],
                user=world.secretary if i == 0 else None,
            )
            for i in range(3)
        ]
        Person.objects.bulk_create(people)
        history_bulk_insert(Person, people, user=world.secretary, reason="导入")
        fast = rows(Person.history.filter(id__in=[p.pk for p in people]))
        Person.history.filter(id__in=[p.pk for p in people]).delete()
        Person.history.bulk_history_create(people, default_user=world.secretary, default_change_reason="导入")
        slow = rows(Person.history.filter(id__in=[p.pk for p in people]))
        assert fast == slow and len(fast) == 3

        base = DuesBase(
            community=world.community,
            member=crew.organiser,
            valid_from=datetime.date(2026, 1, 1),
            monthly_income=Decimal("3456.78"),
        )
        base.save()
        DuesBase.history.all().delete()
        history_bulk_insert(DuesBase, [base], user=None, reason="", history_type="~")
        row = DuesBase.history.get()
        assert (
            row.monthly_income == Decimal("3456.78")
            and row.history_type == "~"
            and row.valid_from == datetime.date(2026, 1, 1)
        )
