import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sanjian.service import selectors, services
from sanjian.service.models import Deduction, Inspection, Sheet, SheetKind
from sanjian.service.services import ItemSpec, Mark

D = Decimal


def inspect(world, apt, day, *marks, floor=None):
    return services.inspection_record(
        community=world.community,
        sheet=apt.sheet,
        floor=floor or apt.floors[0],
        inspected_on=day,
        marks=list(marks),
        actor=world.inspector,
    )


def test_a_sheet_must_add_up_to_100(world, in_scope):
    with pytest.raises(ValidationError, match="100"):
        services.sheet_create(
            community=world.community,
            name="残表",
            kind=SheetKind.FLOOR,
            items=[ItemSpec("内务", D(50)), ItemSpec("卫生", D(40))],
            actor=world.secretary,
        )
    assert not Sheet.objects.filter(name="残表").exists()


def test_the_score_is_100_less_the_deductions(world, apt, in_scope):
    i = apt.items
    done = inspect(
        world,
        apt,
        datetime.date(2026, 3, 5),
        Mark(i["内务"], "3", "被褥不整"),
        Mark(i["卫生"], D("1.5"), "地面有水渍"),
    )
    assert done.score == D("95.50") and done.deducted == D("4.50") and not done.vetoed
    assert Deduction.objects.filter(inspection=done).count() == 2


def test_deductions_beyond_an_items_cap_are_refused_and_nothing_is_written(world, apt, in_scope):
    i = apt.items
    with pytest.raises(ValidationError, match="20"):
        inspect(
            world,
            apt,
            datetime.date(2026, 3, 5),
            Mark(i["内务"], 5, "a"),
            Mark(i["安全"], 15, "b"),
            Mark(i["安全"], 6, "c"),
        )
    assert Inspection.objects.count() == 0 and Deduction.objects.count() == 0


def test_a_deduction_without_a_reason_is_refused(world, apt, in_scope):
    with pytest.raises(ValidationError):
        inspect(world, apt, datetime.date(2026, 3, 5), Mark(apt.items["内务"], 2, " "))
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize("points", ["-1", "abc", "1.234", "NaN"])
def test_points_that_are_not_a_deduction_are_refused(world, apt, in_scope, points):
    with pytest.raises(ValidationError):
        inspect(world, apt, datetime.date(2026, 3, 5), Mark(apt.items["内务"], points, "原因"))
    assert Inspection.objects.count() == 0


def test_a_triggered_veto_scores_zero(world, apt, in_scope):
    done = inspect(
        world,
        apt,
        datetime.date(2026, 3, 5),
        Mark(apt.items["重大安全事故"], triggered=True, reason="私拉电线起火"),
    )
    assert done.vetoed and done.score == 0


def test_an_inspection_ahead_of_its_day_is_refused(world, apt, in_scope):
    with pytest.raises(ValidationError):
        inspect(world, apt, datetime.date.today() + datetime.timedelta(days=1))


def test_deductions_fall_on_the_attendant_responsible_on_the_day(world, apt, in_scope):
    """The floor changes hands on 16 March: inspections before fall on the first attendant,
    from the 16th on the second; a later change of duty does not move them."""
    floor, a, b = apt.floors[0], apt.people[0], apt.people[1]
    services.floor_duty_assign(
        community=world.community,
        floor=floor,
        attendant=a,
        starts_on=datetime.date(2026, 3, 1),
        actor=world.secretary,
    )
    early = inspect(world, apt, datetime.date(2026, 3, 15), Mark(apt.items["卫生"], 2, "楼道有垃圾"))
    services.floor_duty_assign(
        community=world.community,
        floor=floor,
        attendant=b,
        starts_on=datetime.date(2026, 3, 16),
        actor=world.secretary,
    )
    late = inspect(world, apt, datetime.date(2026, 3, 16), Mark(apt.items["卫生"], 1, "窗台积灰"))
    backdated = inspect(world, apt, datetime.date(2026, 3, 10), Mark(apt.items["服务"], 4, "态度生硬"))
    assert (early.attendant, late.attendant, backdated.attendant) == (a, b, a)
    assert early.unit == apt.unit
    by_attendant = selectors.deductions_by_attendant(
        world.community, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    )
    assert {row["attendant"]: row["deducted"] for row in by_attendant} == {a.pk: D(6), b.pk: D(1)}


def test_a_floor_without_an_attendant_on_the_day_has_nobody_to_blame(world, apt, in_scope):
    done = inspect(world, apt, datetime.date(2026, 3, 5), Mark(apt.items["卫生"], 2, "楼道有垃圾"))
    assert done.attendant is None


def test_the_headline_counts_what_reports_quote(world, apt, in_scope):
    inspect(world, apt, datetime.date(2026, 3, 5), Mark(apt.items["内务"], 3, "被褥不整"))
    inspect(world, apt, datetime.date(2026, 3, 6))
    services.room_assign(
        community=world.community,
        room=apt.rooms[0],
        person=apt.people[0],
        check_in=datetime.date(2026, 3, 1),
        actor=world.secretary,
    )
    figures = selectors.headline(world.community, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert figures["inspections"] == 2 and figures["average_inspection_score"] == D("98.50")
    assert (figures["rooms"], figures["beds"], figures["occupied_beds"]) == (2, 4, 1)
    assert figures["flags_won"] == 0 and figures["dishes"] == 0 and figures["banquets"] == 0
    empty = selectors.headline(world.community, datetime.date(2025, 3, 1), datetime.date(2025, 3, 31))
    assert (
        empty["inspections"] == 0
        and empty["average_inspection_score"] is None
        and empty["occupied_beds"] == 0
    )
