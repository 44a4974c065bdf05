"""Writes to people, party archives, branch life and dues. Each takes the acting user, whom
history records as the author; each runs in one transaction, so bad input changes nothing.

Transfers live in ``services/transfers.py``, the roster import in ``importer.py``.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanjian.lib.money import yuan
from sanjian.lib.records import Actor, record_save
from sanjian.members import selectors
from sanjian.members.dues import farmer_amount_valid
from sanjian.members.models import (
    Attendance,
    DuesBase,
    DuesCategory,
    DuesPayment,
    Meeting,
    MeetingAttachment,
    PartyMember,
    Person,
)
from sanjian.tenancy.models import Community


@transaction.atomic
def person_save(*, community: Community, person: Person, actor: Actor) -> Person:
    person.community = community
    return record_save(person, actor=actor)


@transaction.atomic
def party_member_save(*, community: Community, member: PartyMember, actor: Actor) -> PartyMember:
    """Create or change a party archive. Changing the branch here is a correction; a move is a
    transfer (``transfers.transfer_request``)."""
    member.community = community
    return record_save(member, actor=actor)


@transaction.atomic
def meeting_save(
    *,
    community: Community,
    meeting: Meeting,
    present: Iterable[int],
    absences: Mapping[int, str] | None = None,
    actor: Actor,
) -> Meeting:
    """Save a meeting and its attendance: every active member of the branch is expected; those
    in ``present`` (member ids) were there, the others absent with ``absences[id]`` as reason.

    A member marked earlier who has since left the branch keeps their mark. 应到/实到 on the
    meeting are recounted from the marks, so lists never count attendance rows.
    """
    meeting.community = community
    if meeting.held_on and meeting.held_on > datetime.date.today():
        raise ValidationError({"held_on": _("A meeting is recorded after it was held.")})
    record_save(meeting, actor=actor)
    present_ids, absences = set(present), dict(absences or {})
    expected = {m.pk: m for m in selectors.branch_members(meeting.branch)}
    unknown = present_ids - set(expected) - set(meeting.attendance.values_list("member_id", flat=True))
    if unknown:
        raise ValidationError(_("Some of the members marked present are not members of this branch."))
    marks = {a.member_id: a for a in meeting.attendance.all()}
    for member_id in set(expected) | set(marks):
        mark = marks.get(member_id) or Attendance(community=community, meeting=meeting, member_id=member_id)
        is_present = member_id in present_ids
        reason = "" if is_present else absences.get(member_id, "").strip()[:100]
        if mark.pk and mark.present == is_present and mark.absence_reason == reason:
            continue
        mark.present, mark.absence_reason = is_present, reason
        record_save(mark, actor=actor)
    return _meeting_recount(meeting, actor=actor)


def _meeting_recount(meeting: Meeting, *, actor: Actor) -> Meeting:
    expected = meeting.attendance.count()
    present = meeting.attendance.filter(present=True).count()
    if (meeting.expected, meeting.present) != (expected, present):
        meeting.expected, meeting.present = expected, present
        record_save(meeting, actor=actor)
    return meeting


@transaction.atomic
def meeting_attachment_add(
    *, community: Community, meeting: Meeting, upload: Any, title: str = "", actor: Actor
) -> MeetingAttachment:
    attachment = MeetingAttachment(community=community, meeting=meeting, file=upload, title=title)
    return record_save(attachment, actor=actor)


@transaction.atomic
def dues_base_declare(
    *,
    community: Community,
    member: PartyMember,
    valid_from: datetime.date,
    income: Decimal,
    actor: Actor,
    category: str = DuesCategory.INCOME,
    fixed_amount: Decimal | None = None,
) -> DuesBase:
    """Declare ``income`` (or a fixed-amount ``category``) as the member's monthly base from the
    month of ``valid_from`` on; a second declaration for the same month replaces the first
    (recorded in history). An income of 0 by income is refused: the member belongs to a fixed
    category (0.20 yuan), and ¥0.00 is never due."""
    if category == DuesCategory.INCOME and not income:
        raise ValidationError(
            {
                "monthly_income": _(
                    "An income of 0 owes nothing by the tiers: choose the member's category instead "
                    "(students, unemployed members, members on the minimum allowance or relief pay 0.20 yuan a month)."
                )
            }
        )
    if category == DuesCategory.FARMER and not farmer_amount_valid(fixed_amount):
        raise ValidationError(
            {"fixed_amount": _("A farmer member's dues are between 0.20 and 2.00 yuan a month.")}
        )
    month = valid_from.replace(day=1)
    base = DuesBase.objects.filter(member=member, valid_from=month).first() or DuesBase(
        community=community, member=member, valid_from=month
    )
    base.monthly_income = yuan(income)
    base.category = category
    base.fixed_amount = yuan(fixed_amount) if category == DuesCategory.FARMER else None
    return record_save(base, actor=actor)


@transaction.atomic
def dues_payment_record(
    *,
    community: Community,
    member: PartyMember,
    month: datetime.date,
    amount_paid: Decimal,
    paid_on: datetime.date,
    paid_by: Person | None = None,
    note: str = "",
    actor: Actor,
) -> DuesPayment:
    """Record (or correct) the dues of ``member`` for ``month``. The amount due is fixed now from
    the base in force; without a declared base nothing is recorded."""
    month = month.replace(day=1)
    base = selectors.bases_in_force([member.pk], month).get(member.pk)
    due = selectors.dues_due(member, base)
    if due is None:
        raise ValidationError(_("Declare the member's monthly base first: the dues depend on it."))
    if paid_on > datetime.date.today():
        raise ValidationError({"paid_on": _("The date is in the future.")})
    payment = DuesPayment.objects.filter(member=member, month=month).first() or DuesPayment(
        community=community, member=member, month=month
    )
    payment.branch = member.branch
    payment.amount_due, payment.amount_paid = due, yuan(amount_paid)
    payment.paid_on, payment.paid_by, payment.note, payment.recorded_by = paid_on, paid_by, note, actor
    return record_save(payment, actor=actor)
