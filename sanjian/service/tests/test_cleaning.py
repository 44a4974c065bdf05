import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scopes_disabled

from sanjian.service import selectors, services
from sanjian.service.models import CleaningArea, CleaningShift
from sanjian.testing.members import PersonFactory

T = datetime.time
DAY = datetime.date(2026, 3, 2)


@pytest.fixture
def area(world, apt):
    from django_scopes import scope

    with scope(community=world.community.pk):
        return services.area_save(
            community=world.community,
            area=CleaningArea(
                name="广场", size_m2=Decimal("1200.5"), unit=apt.unit, starts_on=datetime.date(2026, 1, 1)
            ),
            actor=world.secretary,
        )


def shift(world, area, person, start, end, valid_from=DAY, valid_until=None):
    return services.shift_add(
        community=world.community,
        area=area,
        person=person,
        starts_at=start,
        ends_at=end,
        valid_from=valid_from,
        valid_until=valid_until,
        actor=world.secretary,
    )


def test_gaps_between_shifts_are_flagged(world, apt, area, in_scope):
    a, b = apt.people[0], apt.people[1]
    shift(world, area, a, T(6), T(14))
    shift(world, area, b, T(15), T(22))
    covered, gaps = selectors.coverage(selectors.shifts_on(area, DAY))
    assert [g.label for g in gaps] == ["00:00–06:00", "14:00–15:00", "22:00–24:00"]
    assert [c.who for c in covered] == [a.name, b.name]


def test_a_night_shift_across_midnight_closes_the_day(world, apt, area, in_scope):
    shift(world, area, apt.people[0], T(6), T(14))
    shift(world, area, apt.people[1], T(14), T(22))
    shift(world, area, apt.people[2], T(22), T(6))
    _covered, gaps = selectors.coverage(selectors.shifts_on(area, DAY))
    assert gaps == []


def test_a_shift_not_yet_in_force_leaves_the_gap(world, apt, area, in_scope):
    shift(world, area, apt.people[0], T(0), T(12))
    shift(world, area, apt.people[1], T(12), T(0), valid_from=DAY + datetime.timedelta(days=1))
    _covered, gaps = selectors.coverage(selectors.shifts_on(area, DAY))
    assert [g.label for g in gaps] == ["12:00–24:00"]


def test_one_cleaner_cannot_work_two_places_at_once(world, apt, area, in_scope):
    other = services.area_save(
        community=world.community,
        area=CleaningArea(
            name="楼道", size_m2=Decimal(300), unit=apt.unit, starts_on=datetime.date(2026, 1, 1)
        ),
        actor=world.secretary,
    )
    shift(world, area, apt.people[0], T(22), T(6))
    with pytest.raises(ValidationError):
        shift(world, other, apt.people[0], T(5), T(9))
    shift(world, other, apt.people[0], T(7), T(9))  # after the night shift: fine
    assert CleaningShift.objects.filter(person=apt.people[0]).count() == 2


def test_a_shift_of_no_length_is_refused(world, apt, area, in_scope):
    with pytest.raises(ValidationError):
        shift(world, area, apt.people[0], T(8), T(8))


def test_the_cleaned_area_follows_the_areas_in_service(world, apt, area, in_scope):
    services.area_save(
        community=world.community,
        area=CleaningArea(
            name="新区", size_m2=Decimal(800), unit=apt.unit, starts_on=datetime.date(2026, 4, 15)
        ),
        actor=world.secretary,
    )
    assert selectors.cleaned_area(world.community, datetime.date(2026, 3, 31)) == Decimal("1200.5")
    assert selectors.cleaned_area(world.community, datetime.date(2026, 4, 30)) == Decimal("2000.5")
    months = dict(selectors.cleaned_area_by_month(world.community, 2026))
    assert [months[m] for m in sorted(months)][2:4] == [Decimal("1200.5"), Decimal("2000.5")]


def test_a_cleaning_inspection_lands_on_the_areas_unit(world, apt, area, in_scope):
    sheet = services.sheet_create(
        community=world.community,
        name="保洁检查表",
        kind="area",
        items=[services.ItemSpec("路面", Decimal(60)), services.ItemSpec("垃圾清运", Decimal(40))],
        actor=world.secretary,
    )
    item = sheet.items.get(title="路面")
    done = services.inspection_record(
        community=world.community,
        sheet=sheet,
        area=area,
        inspected_on=DAY,
        marks=[services.Mark(item, 3, "落叶未清")],
        actor=world.inspector,
    )
    assert done.unit == apt.unit and done.score == Decimal(97) and done.attendant is None
    with pytest.raises(ValidationError):  # a floor sheet does not fit an area
        services.inspection_record(
            community=world.community,
            sheet=apt.sheet,
            area=area,
            inspected_on=DAY,
            marks=[],
            actor=world.inspector,
        )


def test_a_cleaner_of_another_community_is_refused(world, area):
    from django_scopes import scope

    with scopes_disabled():
        stranger = PersonFactory(community=world.neighbour_community)
    with scope(community=world.community.pk), pytest.raises(ValidationError):
        shift(world, area, stranger, T(6), T(14))
