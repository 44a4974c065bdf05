"""Writes for the apartments: buildings, floors, rooms, stays and floor duties.

The rules:

* a room never holds more people than its beds on any day. The room's row is locked
  (``lib.records.lock``: SELECT … FOR UPDATE on PostgreSQL) before the stays are counted, so two
  check-ins to the last bed at the same moment queue and the second is refused;
* a person lives in one room at a time (their row is locked too);
* one attendant answers for a floor on any day: a new duty that starts after the current one
  ends the current one the day before (a handover), one that overlaps a finished duty is refused.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib.records import Actor, lock, record_save
from sanjian.members.models import Person
from sanjian.service.models import Building, Floor, FloorDuty, Room, RoomAssignment
from sanjian.tenancy.models import Community

FAR_FUTURE = datetime.date.max


def _own(community: Community, *records: object) -> None:
    for record in records:
        if record is not None and record.community_id != community.pk:
            raise ValidationError(_("The record belongs to another community."))


@transaction.atomic
def building_save(*, community: Community, building: Building, actor: Actor) -> Building:
    building.community = community
    _own(community, building.unit)
    return record_save(building, actor=actor)


@transaction.atomic
def floor_save(*, community: Community, floor: Floor, actor: Actor) -> Floor:
    floor.community = community
    _own(community, floor.building)
    return record_save(floor, actor=actor)


def occupancy(room: Room, start: datetime.date, end: datetime.date | None, exclude: int | None = None) -> int:
    """The most people the room holds on any one day of ``start``..``end`` (None: open-ended)."""
    stays = RoomAssignment.objects.filter(room=room).filter(
        Q(check_out__isnull=True) | Q(check_out__gte=start)
    )
    if end is not None:
        stays = stays.filter(check_in__lte=end)
    ranges = [(s.check_in, s.check_out or FAR_FUTURE) for s in stays if s.pk != exclude]
    # the count peaks on a day some stay begins (or on the first day of the range)
    days = {max(start, begin) for begin, _end in ranges} | {start}
    return max((sum(1 for b, e in ranges if b <= day <= e) for day in days), default=0)


@transaction.atomic
def room_save(*, community: Community, room: Room, actor: Actor) -> Room:
    room.community = community
    _own(community, room.floor)
    if room.pk:
        lock(room)
        held = occupancy(room, timezone.localdate(), None)
        if room.capacity is not None and room.capacity < held:
            raise ValidationError(
                {
                    "capacity": _("%(held)d people live in the room: it needs at least that many beds.")
                    % {"held": held}
                }
            )
    return record_save(room, actor=actor)


@transaction.atomic
def room_assign(
    *,
    community: Community,
    room: Room,
    person: Person,
    check_in: datetime.date,
    note: str = "",
    actor: Actor,
) -> RoomAssignment:
    """Check ``person`` into ``room`` from ``check_in``; refused when the room is full on any day
    from then on, or the person already has a room."""
    _own(community, room, person)
    if check_in > timezone.localdate():
        raise ValidationError({"check_in": _("A check-in is recorded on the day, not ahead of it.")})
    if not room.is_active:
        raise ValidationError({"room": _("The room is not in use.")})
    if not person.is_active:
        raise ValidationError({"person": _("The person is no longer on the roll.")})
    lock(room)
    lock(person)
    current = (
        RoomAssignment.objects.filter(person=person)
        .filter(Q(check_out__isnull=True) | Q(check_out__gte=check_in))
        .select_related("room__floor__building")
        .first()
    )
    if current is not None:
        raise ValidationError(
            {"person": _("%(person)s already lives in %(room)s.") % {"person": person, "room": current.room}}
        )
    if occupancy(room, check_in, None) >= room.capacity:
        raise ValidationError(
            {"room": _("Room %(room)s is full (%(beds)d beds).") % {"room": room, "beds": room.capacity}}
        )
    stay = RoomAssignment(community=community, room=room, person=person, check_in=check_in, note=note)
    return record_save(stay, actor=actor)


@transaction.atomic
def room_check_out(
    *, stay: RoomAssignment, check_out: datetime.date, actor: Actor, reason: str = ""
) -> RoomAssignment:
    lock(stay)
    stay.refresh_from_db()
    if stay.check_out is not None:
        raise ValidationError(_("The resident has already checked out."))
    if check_out < stay.check_in:
        raise ValidationError({"check_out": _("The check-out cannot come before the check-in.")})
    stay.check_out = check_out
    return record_save(stay, actor=actor, reason=reason)


@transaction.atomic
def floor_duty_assign(
    *, community: Community, floor: Floor, attendant: Person, starts_on: datetime.date, actor: Actor
) -> FloorDuty:
    """Make ``attendant`` responsible for ``floor`` from ``starts_on``; the attendant on duty
    until then hands over the day before."""
    _own(community, floor, attendant)
    if not attendant.is_active:
        raise ValidationError({"attendant": _("The person is no longer on the roll.")})
    lock(floor)
    duties = list(
        FloorDuty.objects.filter(floor=floor).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    )
    for duty in duties:
        if duty.starts_on >= starts_on or duty.ends_on is not None:
            raise ValidationError(
                {
                    "starts_on": _("%(who)s is already responsible for the floor from %(day)s.")
                    % {"who": duty.attendant, "day": duty.starts_on.isoformat()}
                }
            )
    for duty in duties:  # the open duty that started earlier: hand over
        duty.ends_on = starts_on - datetime.timedelta(days=1)
        record_save(duty, actor=actor, reason=_("Handed over to %(who)s") % {"who": attendant})
    duty = FloorDuty(community=community, floor=floor, attendant=attendant, starts_on=starts_on)
    return record_save(duty, actor=actor)


@transaction.atomic
def floor_duty_end(*, duty: FloorDuty, ends_on: datetime.date, actor: Actor) -> FloorDuty:
    lock(duty)
    duty.refresh_from_db()
    if duty.ends_on is not None:
        raise ValidationError(_("The duty has already ended."))
    if ends_on < duty.starts_on:
        raise ValidationError({"ends_on": _("A duty cannot end before it starts.")})
    duty.ends_on = ends_on
    return record_save(duty, actor=actor)


def attendant_on(floor: Floor, day: datetime.date) -> Person | None:
    """Who answered for ``floor`` on ``day``, or None when nobody did."""
    duty = (
        FloorDuty.objects.filter(floor=floor, starts_on__lte=day)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("attendant")
        .first()
    )
    return duty.attendant if duty else None


def person_moved(*, person: Person, source: Community, target: Community, actor: Actor, reason: str) -> None:
    """A person whose archive moves to another community leaves this one's apartments: their
    stay and their floor duties end on the day of the move. The rows stay with the building
    (the apartment's ledger of who lived and who answered where), as the sending community's
    meetings keep who attended."""
    today = timezone.localdate()
    for stay in RoomAssignment._base_manager.filter(person=person, check_out__isnull=True):
        stay.check_out = max(today, stay.check_in)
        record_save(stay, actor=actor, reason=reason)
    for duty in FloorDuty._base_manager.filter(attendant=person, ends_on__isnull=True):
        duty.ends_on = max(today, duty.starts_on)
        record_save(duty, actor=actor, reason=reason)
