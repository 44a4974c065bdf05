"""Writes to the organisation. Each takes the acting user, which history records as the author."""

from __future__ import annotations

from django.db import transaction

from sanjian.lib.records import Actor, lock, record_save
from sanjian.org.models import BranchCheck, Linkage, RuleDocument, StandardItem, Unit
from sanjian.tenancy.models import Community


@transaction.atomic
def unit_save(*, community: Community, unit: Unit, actor: Actor) -> Unit:
    unit.community = community
    return record_save(unit, actor=actor)


@transaction.atomic
def linkage_set(
    *, community: Community, window: Unit, office: Unit, supervisor: Unit, note: str = "", actor: Actor
) -> Linkage:
    """Name the office department and supervising unit that guarantee ``window`` (保包)."""
    lock(window)
    linkage = Linkage.objects.filter(window=window).first() or Linkage(community=community, window=window)
    linkage.office, linkage.supervisor, linkage.note = office, supervisor, note
    return record_save(linkage, actor=actor)


@transaction.atomic
def document_save(*, community: Community, document: RuleDocument, actor: Actor) -> RuleDocument:
    document.community = community
    return record_save(document, actor=actor)


@transaction.atomic
def standard_item_save(*, community: Community, item: StandardItem, actor: Actor) -> StandardItem:
    item.community = community
    return record_save(item, actor=actor)


@transaction.atomic
def branch_check_set(
    *,
    community: Community,
    branch: Unit,
    item: StandardItem,
    year: int,
    met: bool,
    note: str = "",
    actor: Actor,
) -> BranchCheck:
    """Record whether ``branch`` met ``item`` in ``year``; an unchanged answer writes nothing."""
    lock(branch)
    check = BranchCheck.objects.filter(branch=branch, item=item, year=year).first()
    if check is None:
        check = BranchCheck(community=community, branch=branch, item=item, year=year)
    elif check.met == met and check.note == note:
        return check
    check.met, check.note, check.checked_by = met, note, actor
    return record_save(check, actor=actor)
