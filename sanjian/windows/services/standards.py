"""Standards, exemptions, titles, the QR and board links, the settings."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sanjian.lib.records import Actor, record_delete, record_save
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community
from sanjian.windows.models import (
    BenchmarkTitle,
    Criterion,
    InspectionLine,
    NotApplicable,
    Policy,
    Standard,
    WindowProfile,
)
from sanjian.windows.tokens import forget_window


@transaction.atomic
def standard_save(*, community: Community, standard: Standard, actor: Actor) -> Standard:
    standard.community = community
    return record_save(standard, actor=actor)


@transaction.atomic
def criterion_save(*, community: Community, criterion: Criterion, actor: Actor) -> Criterion:
    criterion.community = community
    return record_save(criterion, actor=actor)


@transaction.atomic
def criterion_delete(*, criterion: Criterion, actor: Actor) -> None:
    """Delete an item never used in an inspection; a used one is taken out of use instead."""
    if InspectionLine.objects.filter(criterion=criterion).exists():
        raise ValidationError(
            _("This item has been used in inspections: take it out of use instead of deleting it.")
        )
    record_delete(criterion, actor=actor)


@transaction.atomic
def exemptions_set(
    *, community: Community, window: Unit, criteria: Iterable[Criterion], reason: str, actor: Actor
) -> None:
    """Make exactly ``criteria`` the items of the standard that do not apply to ``window``."""
    wanted = {c.pk: c for c in criteria}
    if wanted and not reason.strip():
        raise ValidationError({"reason": _("Say why these items do not apply to the window.")})
    current = {e.criterion_id: e for e in NotApplicable.objects.filter(window=window)}
    for criterion_id, exemption in current.items():
        if criterion_id not in wanted:
            record_delete(exemption, actor=actor)
    for criterion_id, criterion in wanted.items():
        if criterion_id not in current:
            exemption = NotApplicable(
                community=community, window=window, criterion=criterion, reason=reason.strip()
            )
            record_save(exemption, actor=actor)


@transaction.atomic
def qr_revoke(*, community: Community, window: Unit, actor: Actor) -> WindowProfile:
    """Replace the window's QR code: posters printed before stop working (e.g. a leaked one)."""
    profile = WindowProfile.objects.select_for_update().filter(window=window).first()
    if profile is None:
        profile = WindowProfile(community=community, window=window, qr_version=1)
    profile.qr_version += 1
    record_save(profile, actor=actor)
    transaction.on_commit(lambda: forget_window(window.pk))
    return profile


@transaction.atomic
def policy_save(*, community: Community, policy: Policy, actor: Actor) -> Policy:
    policy.community = community
    return record_save(policy, actor=actor)


@transaction.atomic
def board_link_revoke(*, community: Community, actor: Actor) -> Policy:
    """A new link for the TV board; the old one stops working."""
    policy = Policy.objects.select_for_update().filter(community=community).first() or Policy(
        community=community
    )
    policy.board_version += 1
    return record_save(policy, actor=actor)


@transaction.atomic
def benchmark_designate(*, community: Community, title: BenchmarkTitle, actor: Actor) -> BenchmarkTitle:
    title.community, title.designated_by = community, actor
    if title.window_id and title.window.kind != UnitKind.WINDOW:
        raise ValidationError({"window": _("Only a service window can be a benchmark window.")})
    return record_save(title, actor=actor)


@transaction.atomic
def benchmark_revoke(*, title: BenchmarkTitle, actor: Actor) -> None:
    record_delete(title, actor=actor)
