"""Writes for cleaning areas and their shifts.

A shift is a daily stretch of one cleaner on one area; a night shift runs past midnight. Two
shifts of the same cleaner in force on the same days may not overlap in time (one person
cannot sweep two places at once); shifts of different cleaners may, which is how an area is
handed over without a gap.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sanjian.lib.records import Actor, lock, record_save
from sanjian.members.models import Person
from sanjian.service.models import CleaningArea, CleaningShift
from sanjian.tenancy.models import Community

DAY_MINUTES = 24 * 60


def minutes_of(shift: CleaningShift) -> list[tuple[int, int]]:
    """The shift as minute ranges of the day, [start, end): a night shift is two ranges."""
    start = shift.starts_at.hour * 60 + shift.starts_at.minute
    end = shift.ends_at.hour * 60 + shift.ends_at.minute
    return [(start, end)] if start < end else [(start, DAY_MINUTES), (0, end)]


@transaction.atomic
def area_save(*, community: Community, area: CleaningArea, actor: Actor) -> CleaningArea:
    area.community = community
    if area.unit_id and area.unit.community_id != community.pk:
        raise ValidationError(_("The record belongs to another community."))
    return record_save(area, actor=actor)


def _in_force(qs: QuerySet, start: datetime.date, end: datetime.date | None) -> QuerySet:
    qs = qs.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
    return qs.filter(valid_from__lte=end) if end is not None else qs


@transaction.atomic
def shift_add(
    *,
    community: Community,
    area: CleaningArea,
    person: Person,
    starts_at: datetime.time,
    ends_at: datetime.time,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    actor: Actor,
) -> CleaningShift:
    if area.community_id != community.pk or person.community_id != community.pk:
        raise ValidationError(_("The record belongs to another community."))
    if starts_at == ends_at:
        raise ValidationError({"ends_at": _("A shift ends at another time than it starts.")})
    if valid_until is not None and valid_until < valid_from:
        raise ValidationError({"valid_until": _("The end date cannot come before the start date.")})
    lock(person)
    shift = CleaningShift(
        community=community,
        area=area,
        person=person,
        starts_at=starts_at,
        ends_at=ends_at,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    mine = minutes_of(shift)
    for other in _in_force(CleaningShift.objects.filter(person=person), valid_from, valid_until):
        if any(a < d and c < b for a, b in mine for c, d in minutes_of(other)):
            raise ValidationError(
                _("%(person)s already works %(shift)s at that time.")
                % {"person": person, "shift": f"{other.area} {other.starts_at:%H:%M}–{other.ends_at:%H:%M}"}
            )
    return record_save(shift, actor=actor)


@transaction.atomic
def shift_end(*, shift: CleaningShift, valid_until: datetime.date, actor: Actor) -> CleaningShift:
    lock(shift)
    shift.refresh_from_db()
    if valid_until < shift.valid_from:
        raise ValidationError({"valid_until": _("The end date cannot come before the start date.")})
    shift.valid_until = valid_until
    return record_save(shift, actor=actor)
