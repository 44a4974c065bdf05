"""Volunteer service certificates (志愿服务证明): issuing and revoking them.

A certificate is a snapshot of the person's verified hours of a period, taken when it is issued
("whoever records, certifies": only verified logs count). Its serial reads
``<COMMUNITY>-<YEAR>-<SEQUENCE>-<RANDOM>``: the sequence is the community's running number, taken
under the community's row lock, so that two leaders issuing at the same moment never get the
same one (the unique constraints back this up); the random tail keeps the public verification
page from being walked through serial by serial.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.dedication import selectors
from sanjian.dedication.models import Certificate
from sanjian.lib.masking import mask_id_number
from sanjian.lib.records import Actor, lock, record_save
from sanjian.members.models import Person
from sanjian.tenancy.models import Community

#: No 0/O, 1/I/L: a serial is read aloud and typed from paper.
SERIAL_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
#: The community's part of a serial is cut to this length, so that a serial fits its column.
SERIAL_PREFIX_LENGTH = 20


def serial_for(community: Community, year: int, sequence: int) -> str:
    tail = "".join(secrets.choice(SERIAL_ALPHABET) for _ in range(4))
    prefix = community.slug.upper()[:SERIAL_PREFIX_LENGTH].strip("-_")
    return f"{prefix}-{year}-{sequence:05d}-{tail}"


def normalise_serial(text: str) -> str:
    """A serial as people type it (lower case, spaces around) in the form it is stored."""
    return (text or "").strip().upper()


def _check_period(start: datetime.date, end: datetime.date, today: datetime.date) -> None:
    if end < start:
        raise ValidationError({"period_end": _("The period ends after it starts.")})
    if end > today:
        raise ValidationError(
            {"period_end": _("A certificate covers a period that is over: it cannot end in the future.")}
        )


@transaction.atomic
def certificate_issue(
    *,
    community: Community,
    person: Person,
    period_start: datetime.date,
    period_end: datetime.date,
    actor: Actor,
) -> Certificate:
    """Issue the certificate of ``person``'s verified hours from ``period_start`` to ``period_end``.

    Refused for a period with no verified hours, one that ends in the future or before it starts.
    """
    today = timezone.localdate()
    _check_period(period_start, period_end, today)
    if person.community_id != community.pk:
        raise ValidationError({"person": _("This record belongs to another community.")})
    minutes, activities = selectors.period_activities(person, period_start, period_end)
    if not minutes:
        raise ValidationError(_("%(name)s has no verified hours in this period.") % {"name": person.name})
    lock(community)  # one issue at a time per community: the next sequence is taken under it
    sequence = (
        Certificate.objects.filter(community=community).aggregate(top=Max("sequence"))["top"] or 0
    ) + 1
    certificate = Certificate(
        community=community,
        serial=serial_for(community, today.year, sequence),
        sequence=sequence,
        person=person,
        period_start=period_start,
        period_end=period_end,
        holder_name=person.name,
        holder_id_masked=mask_id_number(person.id_number or ""),
        minutes=minutes,
        activities=activities,
        issued_on=today,
        issued_by=actor if actor is not None and actor.is_authenticated else None,
    )
    return record_save(certificate, actor=actor)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, actor: Actor) -> Certificate:
    """Revoke a certificate handed out in error; the public page then says it is no longer valid."""
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the certificate is revoked.")})
    if certificate.is_revoked:
        raise ValidationError(_("The certificate has already been revoked."))
    certificate.is_revoked = True
    certificate.revoke_reason = reason[:200]
    return record_save(certificate, actor=actor, reason=reason)
