"""Organisational relationship transfers (组织关系转接): request, two approvals, the move.

Inside one community a transfer changes the member's branch. Between two communities of one
company the member's archive moves: the Person, the PartyMember and the declared dues bases
change community together with every history row they have, and every app that keeps records
about the person moves them too (``lib.registries.person_moved``), so the receiving community sees
the full history and the sending one keeps only the transfer and its own ledgers (meetings
attended, dues collected), which are that branch's records, not the member's. Links of the
three-level chain point at people of the old community, so they are cleared on the way.

The views check who may act (``access.works_for_branch``) before calling these.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from sanjian.lib import registries
from sanjian.lib.dates import Month
from sanjian.lib.records import Actor, record_save
from sanjian.members.models import (
    DuesBase,
    DuesPayment,
    PartyMember,
    Person,
    Transfer,
    TransferKind,
    TransferStatus,
)
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community
from sanjian.tenancy.services import rows_move

SENDER, RECEIVER = "sender", "receiver"


@transaction.atomic
def transfer_request(
    *,
    community: Community,
    member: PartyMember,
    to_branch: Unit | None = None,
    destination: str = "",
    letter_number: str = "",
    reason: str = "",
    actor: Actor,
) -> Transfer:
    """Ask to move ``member`` to ``to_branch`` (a branch of any community of the same company),
    or record a move out of the company (``to_branch`` None) with its destination and letter
    number, which completes at once."""
    if not member.is_active or member.community_id != community.pk:
        raise ValidationError(_("Only an active member of this community can be transferred."))
    if Transfer.objects.filter(member=member, status=TransferStatus.REQUESTED).exists():
        raise ValidationError(_("This member already has a transfer awaiting approval."))
    transfer = Transfer(
        community=community,
        member=member,
        from_branch=member.branch,
        letter_number=letter_number.strip(),
        reason=reason.strip(),
        requested_by=actor,
    )
    if to_branch is None:
        if not destination.strip() or not transfer.letter_number:
            raise ValidationError(_("A transfer out of the company needs its destination and letter number."))
        transfer.kind, transfer.destination = TransferKind.OUT, destination.strip()
        return _complete_out(transfer, actor=actor)
    _check_destination(community, member, to_branch)
    transfer.kind, transfer.to_branch, transfer.to_community = (
        TransferKind.INSIDE,
        to_branch,
        to_branch.community,
    )
    return record_save(transfer, actor=actor)


def _check_destination(community: Community, member: PartyMember, to_branch: Unit) -> None:
    if to_branch.kind != UnitKind.BRANCH or not to_branch.is_active:
        raise ValidationError({"to_branch": _("Choose an active party branch.")})
    if to_branch.pk == member.branch_id:
        raise ValidationError({"to_branch": _("The member is already in this branch.")})
    with scopes_disabled():
        if to_branch.community.company_id != community.company_id:
            raise ValidationError({"to_branch": _("The branch belongs to another company.")})


@transaction.atomic
def transfer_approve(*, transfer: Transfer, side: str, actor: Actor) -> Transfer:
    """Approve ``transfer`` for the sending or the receiving branch; the second approval moves
    the member."""
    if transfer.status != TransferStatus.REQUESTED:
        raise ValidationError(_("This transfer is no longer awaiting approval."))
    now = timezone.now()
    if side == SENDER:
        if transfer.sender_approved_at:
            raise ValidationError(_("The sending branch has already approved."))
        transfer.sender_approved_by, transfer.sender_approved_at = actor, now
    elif side == RECEIVER:
        if transfer.receiver_approved_at:
            raise ValidationError(_("The receiving branch has already approved."))
        transfer.receiver_approved_by, transfer.receiver_approved_at = actor, now
    else:
        raise ValueError(f"unknown side {side!r}")
    if transfer.sender_approved_at and transfer.receiver_approved_at:
        return _complete_inside(transfer, actor=actor)
    return record_save(transfer, actor=actor)


@transaction.atomic
def transfer_reject(*, transfer: Transfer, reason: str, actor: Actor) -> Transfer:
    if transfer.status != TransferStatus.REQUESTED:
        raise ValidationError(_("This transfer is no longer awaiting approval."))
    if not reason.strip():
        raise ValidationError({"rejection": _("Say why the transfer is rejected.")})
    transfer.status, transfer.rejection = TransferStatus.REJECTED, reason.strip()[:200]
    return record_save(transfer, actor=actor)


def _paid_until(member: PartyMember, community_id: int):
    last = (
        DuesPayment._base_manager.filter(member=member, community_id=community_id)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    if last is None:
        return None
    return Month.of(last).end


def _complete_out(transfer: Transfer, *, actor: Actor) -> Transfer:
    member = transfer.member
    now = timezone.now()
    transfer.status, transfer.completed_at = TransferStatus.COMPLETED, now
    transfer.sender_approved_by, transfer.sender_approved_at = actor, now
    transfer.dues_paid_until = _paid_until(member, transfer.community_id)
    record_save(transfer, actor=actor)
    member.is_active = False
    reason = _("Transferred out of the company: %(letter)s") % {"letter": transfer.letter_number}
    record_save(member, actor=actor, reason=reason)
    return transfer


def _complete_inside(transfer: Transfer, *, actor: Actor) -> Transfer:
    # Both sides have been checked by the views; the move reads and writes two communities.
    with scopes_disabled():
        member = PartyMember._base_manager.select_related("person").get(pk=transfer.member_id)
        transfer.dues_paid_until = _paid_until(member, transfer.community_id)
        reason = _("Transferred from %(from)s to %(to)s") % {
            "from": transfer.from_branch,
            "to": transfer.to_branch,
        }
        if transfer.to_community_id != member.community_id:
            _move_archive(member, transfer.to_community, actor=actor, reason=reason)
        member.branch = transfer.to_branch
        record_save(member, actor=actor, reason=reason)
        transfer.status, transfer.completed_at = TransferStatus.COMPLETED, timezone.now()
        return record_save(transfer, actor=actor)


def _move_archive(member: PartyMember, to: Community, *, actor: Actor, reason: str) -> None:
    person, old = member.person, member.community_id
    if Person._base_manager.filter(community=to, id_number=person.id_number).exists():
        raise ValidationError(_("The receiving community already has a person with this ID number."))
    # Others of the old community who had this person as a link of their chain lose the link.
    for name in ("leader", "cadre"):
        for other in PartyMember._base_manager.filter(community_id=old, **{name: person}):
            setattr(other, name, None)
            record_save(other, actor=actor, reason=reason)
    rows_move(Person, [person.pk], to=to)
    rows_move(PartyMember, [member.pk], to=to)
    rows_move(DuesBase, DuesBase._base_manager.filter(member=member).values_list("pk", flat=True), to=to)
    # Every other app moves what it keeps about the person (a health archive and its read log…).
    source = Community.objects.get(pk=old)
    for hook in registries.person_moved.all():
        hook.move(person=person, source=source, target=to, actor=actor, reason=reason)
    person.refresh_from_db()
    member.refresh_from_db()
    person.unit = None  # a unit of the old community
    record_save(person, actor=actor, reason=reason)
    member.leader = member.cadre = member.post_unit = None
