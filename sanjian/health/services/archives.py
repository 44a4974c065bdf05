"""Opening and keeping health archives."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.health.models import ArchiveCondition, ArchiveStatus, Condition, FollowUpPlan, HealthArchive
from sanjian.health.services.conditions import conditions_ensure
from sanjian.health.services.plans import plans_cancel, plans_generate, plans_reassign
from sanjian.lib.records import Actor, record_delete, record_save
from sanjian.members.models import Person
from sanjian.tenancy.models import Community, Membership
from sanjian.tenancy.roles import Role

MEDICAL_ROLES = (Role.MEDICAL, Role.MEDICAL_LEAD)

#: Archive fields a doctor keeps (the person, number and community are set otherwise).
ARCHIVE_FIELDS = (
    "blood_type",
    "allergies",
    "past_history",
    "medications",
    "height_cm",
    "doctor",
    "note",
)


def is_doctor(user: AbstractBaseUser | None, community: Community) -> bool:
    """Whether ``user`` holds a medical role in ``community`` (and so may be responsible)."""
    return (
        user is not None
        and Membership.objects.filter(user=user, community=community, role__in=MEDICAL_ROLES).exists()
    )


def next_number(community: Community) -> str:
    """The next free archive number of the community: five digits, one above the highest."""
    numbers = HealthArchive.objects.filter(community=community).values_list("number", flat=True)
    highest = max((int(n) for n in numbers if re.fullmatch(r"\d{1,9}", n)), default=0)
    return f"{highest + 1:05d}"


def _check(archive: HealthArchive) -> None:
    if archive.person.community_id != archive.community_id:
        raise ValidationError({"person": _("The person belongs to another community.")})
    if archive.doctor_id is not None and not is_doctor(archive.doctor, archive.community):
        raise ValidationError(
            {"doctor": _("The responsible doctor must be medical staff of this community.")}
        )


@transaction.atomic
def archive_create(
    *,
    community: Community,
    person: Person,
    actor: Actor,
    conditions: Iterable[Condition] = (),
    number: str = "",
    opened_on: datetime.date | None = None,
    **fields: Any,
) -> HealthArchive:
    """Open ``person``'s archive with its conditions, and plan this year's follow-ups."""
    conditions_ensure(community=community, actor=actor)
    archive = HealthArchive(
        community=community,
        person=person,
        number=number.strip() or next_number(community),
        opened_on=opened_on or timezone.localdate(),
        **fields,
    )
    _check(archive)
    record_save(archive, actor=actor)
    _conditions_set(archive, list(conditions), actor=actor, since=archive.opened_on)
    plans_generate(archive=archive, year=timezone.localdate().year, actor=actor)
    return archive


@transaction.atomic
def archive_update(
    *, archive: HealthArchive, actor: Actor, conditions: Iterable[Condition] | None = None, **fields: Any
) -> HealthArchive:
    """Change what the archive records; a new condition gets this year's plans from today, a
    condition taken off loses its open plans, a new responsible doctor takes the open plans."""
    old_doctor = archive.doctor_id
    for name, value in fields.items():
        if name not in (*ARCHIVE_FIELDS, "number"):
            raise TypeError(f"archive_update() got an unexpected field {name!r}")
        setattr(archive, name, value)
    _check(archive)
    record_save(archive, actor=actor)
    if conditions is not None:
        _conditions_set(archive, list(conditions), actor=actor, since=timezone.localdate())
        plans_generate(archive=archive, year=timezone.localdate().year, actor=actor)
    if archive.doctor_id != old_doctor:
        plans_reassign(archive=archive, actor=actor)
    return archive


def _conditions_set(
    archive: HealthArchive, conditions: list[Condition], *, actor: Actor, since: datetime.date
) -> None:
    for condition in conditions:
        if condition.community_id != archive.community_id:
            raise ValidationError({"conditions": _("The condition belongs to another community.")})
    wanted = {c.pk for c in conditions}
    have = {d.condition_id: d for d in ArchiveCondition.objects.filter(archive=archive)}
    for condition in conditions:
        if condition.pk not in have:
            record_save(
                ArchiveCondition(
                    community=archive.community, archive=archive, condition=condition, followed_since=since
                ),
                actor=actor,
            )
    for condition_id, diagnosis in have.items():
        if condition_id not in wanted:
            record_delete(diagnosis, actor=actor)
            plans_cancel(
                plans=FollowUpPlan.objects.filter(archive=archive, condition_id=condition_id),
                actor=actor,
                reason=_("The condition was taken off the archive"),
            )


@transaction.atomic
def archive_reopen(*, archive: HealthArchive, actor: Actor) -> HealthArchive:
    """Take an archive whose management ended back under management, planned from today."""
    if archive.status != ArchiveStatus.ENDED:
        raise ValidationError(_("The archive is still under management."))
    archive.status, archive.end_reason = ArchiveStatus.MANAGED, ""
    record_save(archive, actor=actor, reason=_("Taken back under management"))
    today = timezone.localdate()
    ArchiveCondition.objects.filter(archive=archive).update(followed_since=today)
    plans_generate(archive=archive, year=today.year, actor=actor)
    return archive
