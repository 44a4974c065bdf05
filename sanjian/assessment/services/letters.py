"""Responsibility letters (承包责任状): people, items, signatures, amendments; and score entries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.assessment import scoring
from sanjian.assessment.models import (
    Amendment,
    Entry,
    Indicator,
    Letter,
    LetterItem,
    Period,
)
from sanjian.assessment.selectors import allowed_entry_kinds
from sanjian.lib.records import Actor, record_delete, record_save

EDITABLE = ("weight", "target", "floor", "per_occurrence", "cap")


def _require_open(period: Period) -> None:
    if not period.is_open:
        raise ValidationError(_("The period is closed: nothing in it can change any more."))


@transaction.atomic
def letter_people_set(*, letter: Letter, responsible: Any, issuer: Any, actor: Actor) -> Letter:
    """Name who signs for the unit and for the community; a changed side must sign again."""
    _require_open(letter.period)
    if letter.responsible_id != getattr(responsible, "pk", None):
        letter.responsible_signed_at = None
    if letter.issuer_id != getattr(issuer, "pk", None):
        letter.issuer_signed_at = None
    letter.responsible, letter.issuer = responsible, issuer
    return record_save(letter, actor=actor)


@dataclass
class ItemChange:
    """One row of the letter's items as edited: an existing item (``item``) or a new indicator."""

    indicator: Indicator
    weight: Decimal
    item: LetterItem | None = None
    target: Decimal | None = None
    floor: Decimal | None = None
    per_occurrence: Decimal | None = None
    cap: Decimal | None = None
    delete: bool = False


def _snapshot(items: Sequence[LetterItem]) -> list[dict[str, str]]:
    return [
        {"indicator": item.indicator.name, **{name: _text(getattr(item, name)) for name in EDITABLE}}
        for item in items
    ]


def _text(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


@transaction.atomic
def letter_items_save(
    *, letter: Letter, changes: Sequence[ItemChange], actor: Actor, reason: str = ""
) -> Letter:
    """Change a letter's indicators, targets and weights; the weights must add up to 100.

    Before any signature this is a plain edit. After one, it is an amendment: ``reason`` is
    required, the before and after are recorded, and both signatures are cleared.
    """
    _require_open(letter.period)
    before = list(letter.items.select_related("indicator"))
    kept = [c for c in changes if not c.delete]
    total = sum((c.weight for c in kept), Decimal(0))
    if total != 100:
        raise ValidationError(
            _("The weights add up to %(total)s; they must add up to 100.") % {"total": scoring.plain(total)}
        )
    indicators = [c.indicator.pk for c in kept]
    if len(set(indicators)) != len(indicators):
        raise ValidationError(_("An indicator appears twice in the letter."))
    if letter.has_signature and not reason.strip():
        raise ValidationError(_("The letter has been signed: say why it is amended."))
    for change in changes:
        _apply(letter, change, actor)
    after = list(letter.items.select_related("indicator"))
    if letter.has_signature and _snapshot(before) != _snapshot(after):
        letter.amendment_count += 1
        record_save(
            Amendment(
                community=letter.community,
                letter=letter,
                number=letter.amendment_count,
                reason=reason.strip(),
                before=_snapshot(before),
                after=_snapshot(after),
                made_by=actor,
            ),
            actor=actor,
        )
        letter.responsible_signed_at = letter.issuer_signed_at = None
        record_save(letter, actor=actor, reason=reason)
    return letter


def _apply(letter: Letter, change: ItemChange, actor: Actor) -> None:
    item = change.item
    if change.delete:
        if item is not None:
            if item.entries.exists():
                raise ValidationError(
                    _("“%(indicator)s” already has score entries: withdraw them before removing it.")
                    % {"indicator": item.indicator}
                )
            record_delete(item, actor=actor)
        return
    if item is None:
        item = LetterItem(community=letter.community, letter=letter, indicator=change.indicator)
        item.rule_copy(change.indicator)
        item.sort_order = letter.items.count()
    values = {name: getattr(change, name) for name in EDITABLE}
    if item.pk is not None and all(getattr(item, n) == v for n, v in values.items()):
        return
    for name, value in values.items():
        # A new item keeps the indicator's default where the row leaves a parameter blank.
        if value is not None or item.pk is not None:
            setattr(item, name, value)
    try:
        record_save(item, actor=actor)
    except ValidationError as exc:
        raise ValidationError(
            _("“%(indicator)s”: %(errors)s")
            % {"indicator": change.indicator, "errors": " ".join(exc.messages)}
        ) from exc


@transaction.atomic
def letter_sign(*, letter: Letter, actor: Actor) -> Letter:
    """The responsible person signs for the unit, the issuer for the community; each is timed."""
    _require_open(letter.period)
    sides = []
    if letter.responsible_id and letter.responsible_id == actor.pk:
        sides.append("responsible_signed_at")
    if letter.issuer_id and letter.issuer_id == actor.pk:
        sides.append("issuer_signed_at")
    if not sides:
        raise PermissionDenied
    unsigned = [side for side in sides if getattr(letter, side) is None]
    if not unsigned:
        raise ValidationError(_("You have already signed this letter."))
    total = sum((i.weight for i in letter.items.all()), Decimal(0))
    if total != 100:
        raise ValidationError(
            _("The weights add up to %(total)s; they must add up to 100.") % {"total": scoring.plain(total)}
        )
    now = timezone.now()
    for side in unsigned:
        setattr(letter, side, now)
    return record_save(letter, actor=actor)


@transaction.atomic
def entry_add(
    *,
    item: LetterItem,
    kind: str,
    amount: Decimal | None,
    reason: str,
    actor: Actor,
    evidence: UploadedFile | None = None,
) -> Entry:
    """Record a manual entry on a letter's item while the period is open."""
    _require_open(item.letter.period)
    if kind not in allowed_entry_kinds(item):
        raise ValidationError({"kind": _("This kind of entry does not apply to this indicator.")})
    entry = Entry(
        community=item.community,
        item=item,
        kind=kind,
        amount=amount,
        reason=reason.strip(),
        entered_by=actor,
        entered_at=timezone.now(),
    )
    if evidence is not None:
        entry.evidence = evidence
    return record_save(entry, actor=actor)


@transaction.atomic
def entry_withdraw(*, entry: Entry, actor: Actor) -> None:
    """Withdraw an entry made in error while the period is open; its history stays."""
    _require_open(entry.item.letter.period)
    record_delete(entry, actor=actor)
