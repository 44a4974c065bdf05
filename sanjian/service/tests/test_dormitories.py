import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django_scopes import scope, scopes_disabled

from sanjian.service import services
from sanjian.service.models import RoomAssignment

DAY = datetime.date(2026, 3, 2)


def assign(world, room, person, day=DAY):
    return services.room_assign(
        community=world.community, room=room, person=person, check_in=day, actor=world.secretary
    )


def test_a_room_takes_as_many_people_as_it_has_beds(world, apt, in_scope):
    room = apt.rooms[0]
    assign(world, room, apt.people[0])
    assign(world, room, apt.people[1])
    with pytest.raises(ValidationError, match="已满|is full"):
        assign(world, room, apt.people[2])
    assert RoomAssignment.objects.filter(room=room).count() == 2


def test_a_bed_freed_by_a_check_out_can_be_taken_from_the_next_day(world, apt, in_scope):
    room = apt.rooms[0]
    first = assign(world, room, apt.people[0])
    assign(world, room, apt.people[1])
    services.room_check_out(stay=first, check_out=DAY + datetime.timedelta(days=9), actor=world.secretary)
    with pytest.raises(ValidationError):  # still there on the 9th day
        assign(world, room, apt.people[2], DAY + datetime.timedelta(days=9))
    assign(world, room, apt.people[2], DAY + datetime.timedelta(days=10))
    assert services.occupancy(room, DAY, None) == 2


def test_a_backdated_check_in_cannot_overfill_a_room_that_was_full_then(world, apt, in_scope):
    room = apt.rooms[0]
    assign(world, room, apt.people[0], DAY)
    assign(world, room, apt.people[1], DAY + datetime.timedelta(days=5))
    # the room had a free bed on DAY - 1, but not from DAY + 5 on: an open stay from DAY - 1 overfills it
    with pytest.raises(ValidationError):
        assign(world, room, apt.people[2], DAY - datetime.timedelta(days=1))


def test_a_person_lives_in_one_room_at_a_time(world, apt, in_scope):
    assign(world, apt.rooms[0], apt.people[0])
    with pytest.raises(ValidationError, match="already lives|已住在"):
        assign(world, apt.rooms[1], apt.people[0])


def test_a_room_cannot_shrink_below_the_people_living_in_it(world, apt, in_scope):
    room = apt.rooms[0]
    assign(world, room, apt.people[0], datetime.date.today())
    assign(world, room, apt.people[1], datetime.date.today())
    room.capacity = 1
    with pytest.raises(ValidationError):
        services.room_save(community=world.community, room=room, actor=world.secretary)


def test_a_person_of_another_community_cannot_be_assigned(world, apt):
    from sanjian.testing.members import PersonFactory

    with scopes_disabled():
        stranger = PersonFactory(community=world.neighbour_community)
    with scope(community=world.community.pk), pytest.raises(ValidationError):
        assign(world, apt.rooms[0], stranger)


def test_stays_keep_history_with_who_wrote_them(world, apt, in_scope):
    stay = assign(world, apt.rooms[0], apt.people[0])
    services.room_check_out(
        stay=stay, check_out=DAY + datetime.timedelta(days=3), actor=world.secretary, reason="调离"
    )
    rows = list(stay.history.order_by("history_date"))
    assert [r.check_out for r in rows] == [None, DAY + datetime.timedelta(days=3)]
    assert rows[-1].history_user == world.secretary and rows[-1].history_change_reason == "调离"


def test_a_new_duty_hands_the_floor_over_the_day_before(world, apt, in_scope):
    floor = apt.floors[0]
    a, b = apt.people[0], apt.people[1]
    first = services.floor_duty_assign(
        community=world.community, floor=floor, attendant=a, starts_on=DAY, actor=world.secretary
    )
    services.floor_duty_assign(
        community=world.community,
        floor=floor,
        attendant=b,
        starts_on=DAY + datetime.timedelta(days=14),
        actor=world.secretary,
    )
    first.refresh_from_db()
    assert first.ends_on == DAY + datetime.timedelta(days=13)
    assert services.attendant_on(floor, DAY + datetime.timedelta(days=13)) == a
    assert services.attendant_on(floor, DAY + datetime.timedelta(days=14)) == b
    assert services.attendant_on(floor, DAY - datetime.timedelta(days=1)) is None
    with pytest.raises(ValidationError):  # before the current duty's start: it would overlap
        services.floor_duty_assign(
            community=world.community,
            floor=floor,
            attendant=a,
            starts_on=DAY + datetime.timedelta(days=3),
            actor=world.secretary,
        )


def test_a_transfer_ends_the_persons_stay_and_duties(world, apt):
    from sanjian.service.services.dormitories import person_moved

    with scope(community=world.community.pk):
        stay = assign(world, apt.rooms[0], apt.people[0])
        duty = services.floor_duty_assign(
            community=world.community,
            floor=apt.floors[0],
            attendant=apt.people[0],
            starts_on=DAY,
            actor=world.secretary,
        )
    with scopes_disabled():
        person_moved(
            person=apt.people[0],
            source=world.community,
            target=world.neighbour_community,
            actor=world.secretary,
            reason="组织关系转接",
        )
        stay.refresh_from_db()
        duty.refresh_from_db()
    assert stay.check_out is not None and duty.ends_on is not None
    assert stay.community_id == world.community.pk  # the building's ledger stays with the building


@pytest.mark.django_db(transaction=True)
def test_concurrent_check_ins_never_overfill_a_room(world, apt):
    """Eight people are checked into a two-bed room at once: the room's row lock makes the
    requests queue, so two get a bed and six are refused."""
    import threading

    if connections["default"].vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time: there is no race to lose there")
    from sanjian.testing.members import PersonFactory

    with scopes_disabled():
        people = [PersonFactory(community=world.community) for _ in range(8)]
    room, outcomes = apt.rooms[1], []
    barrier = threading.Barrier(len(people))

    def attempt(person) -> None:
        try:
            barrier.wait()
            with scope(community=world.community.pk):
                assign(world, room, person)
            outcomes.append("written")
        except ValidationError:
            outcomes.append("refused")
        except Exception as exc:  # pragma: no cover - reported below
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    workers = [threading.Thread(target=attempt, args=(p,)) for p in people]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(outcomes) == ["refused"] * 6 + ["written"] * 2
    with scopes_disabled():
        assert RoomAssignment.objects.filter(room=room).count() == 2
