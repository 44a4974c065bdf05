"""Deduction sheets and the inspections scored on them.

A sheet is written whole, with its items: the caps of its ordinary items must add up to 100
(``FULL_MARKS``), and a sheet once used keeps its items (old scores must still read the same),
so a changed standard is a new sheet. An inspection is written whole too, with its deductions, as
the inspector submits the sheet from a phone: nothing is written when one line is wrong.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib import scoring
from sanjian.lib.formats import points_text
from sanjian.lib.records import Actor, record_save
from sanjian.service.models import (
    FULL_MARKS,
    CleaningArea,
    Deduction,
    Floor,
    Inspection,
    Sheet,
    SheetItem,
    SheetKind,
)
from sanjian.service.services.dormitories import attendant_on
from sanjian.tenancy.models import Community


@dataclass(frozen=True)
class ItemSpec:
    """One item of a new sheet: its title, the most its deductions may take off, and whether it
    is a veto item (no points; triggered, it zeroes the score)."""

    title: str
    cap: Decimal = Decimal(0)
    is_veto: bool = False


@dataclass(frozen=True)
class Mark:
    """One line an inspector fills: points off ``item`` and why (a veto item: triggered)."""

    item: SheetItem
    points: Decimal | str | int = 0
    reason: str = ""
    triggered: bool = False  # a veto item's only mark


@transaction.atomic
def sheet_create(
    *, community: Community, name: str, kind: str, items: Sequence[ItemSpec], actor: Actor
) -> Sheet:
    if not items:
        raise ValidationError(_("A sheet needs at least one item."))
    total = sum((Decimal(i.cap) for i in items if not i.is_veto), Decimal(0))
    if total != FULL_MARKS:
        raise ValidationError(
            _("The points of the items add up to %(total)s; they must add up to 100.")
            % {"total": points_text(total)}
        )
    for spec in items:
        if spec.is_veto and spec.cap:
            raise ValidationError(_("A veto item has no points: “%(item)s”.") % {"item": spec.title})
        if not spec.is_veto and spec.cap <= 0:
            raise ValidationError(_("Each item has points above zero: “%(item)s”.") % {"item": spec.title})
    if len({s.title.strip() for s in items}) != len(items):
        raise ValidationError(_("Two items of a sheet cannot share a title."))
    sheet = record_save(Sheet(community=community, name=name, kind=kind), actor=actor)
    for order, spec in enumerate(items):
        item = SheetItem(
            community=community,
            sheet=sheet,
            title=spec.title.strip(),
            cap=Decimal(spec.cap),
            is_veto=spec.is_veto,
            sort_order=order,
        )
        record_save(item, actor=actor)
    return sheet


def _points(value: Decimal | str | int, item: SheetItem) -> Decimal:
    try:
        points = Decimal(str(value).strip() or "0")
    except InvalidOperation:
        raise ValidationError(_("“%(item)s”: the points are not a number.") % {"item": item.title}) from None
    if not points.is_finite() or points < 0:
        raise ValidationError(_("“%(item)s”: points deducted cannot be negative.") % {"item": item.title})
    if points != points.quantize(Decimal("0.01")):
        raise ValidationError(_("“%(item)s”: at most two decimal places.") % {"item": item.title})
    return points


def _check_marks(sheet: Sheet, marks: Sequence[Mark]) -> list[tuple[SheetItem, Decimal, str]]:
    """The lines worth keeping (points off, or a triggered veto), or a ValidationError naming the
    first wrong line."""
    kept, per_item = [], defaultdict(Decimal)
    for mark in marks:
        item = mark.item
        if item.sheet_id != sheet.pk:
            raise ValidationError(_("“%(item)s” is not an item of this sheet.") % {"item": item.title})
        reason = (mark.reason or "").strip()
        if item.is_veto:
            if mark.triggered:
                if not reason:
                    raise ValidationError(
                        _("“%(item)s”: say what triggered the veto.") % {"item": item.title}
                    )
                kept.append((item, Decimal(0), reason))
            continue
        points = _points(mark.points, item)
        if not points:
            continue
        if not reason:
            raise ValidationError(_("“%(item)s”: give the reason for the deduction.") % {"item": item.title})
        per_item[item.pk] += points
        if per_item[item.pk] > item.cap:
            raise ValidationError(
                _("“%(item)s”: at most %(cap)s points can be deducted.")
                % {"item": item.title, "cap": points_text(item.cap)}
            )
        kept.append((item, points, reason))
    return kept


def score_of(sheet: Sheet, lines: Sequence[tuple[SheetItem, Decimal, str]]) -> scoring.Score:
    by_item: dict[int, list[Decimal]] = defaultdict(list)
    for item, points, _reason in lines:
        by_item[item.pk].append(points)
    return scoring.score(
        scoring.LineScore(
            points=item.cap,
            deduction_cap=item.cap,
            is_veto=item.is_veto,
            applicable=True,
            veto_triggered=item.is_veto and item.pk in by_item,
            deductions=by_item.get(item.pk, []),
        )
        for item in sheet.items.all()
    )


@transaction.atomic
def inspection_record(
    *,
    community: Community,
    sheet: Sheet,
    inspected_on: datetime.date,
    marks: Sequence[Mark],
    floor: Floor | None = None,
    area: CleaningArea | None = None,
    note: str = "",
    actor: Actor,
) -> Inspection:
    """Write an inspection of a floor or a cleaning area with its deductions. On a floor they
    fall on the attendant who answered for it on ``inspected_on`` (kept on the inspection); the
    unit judged is the building's unit, or the area's responsible unit."""
    if (floor is None) == (area is None):
        raise ValidationError(_("Inspect either a floor or a cleaning area."))
    place = floor or area
    if sheet.community_id != community.pk or place.community_id != community.pk:
        raise ValidationError(_("The record belongs to another community."))
    kind = SheetKind.FLOOR if floor is not None else SheetKind.AREA
    if sheet.kind != kind or not sheet.is_active:
        raise ValidationError({"sheet": _("Choose a sheet in use for this kind of place.")})
    if inspected_on > timezone.localdate():
        raise ValidationError(
            {"inspected_on": _("An inspection is recorded on the day or after it, not ahead.")}
        )
    lines = _check_marks(sheet, marks)
    result = score_of(sheet, lines)
    inspection = Inspection(
        community=community,
        sheet=sheet,
        floor=floor,
        area=area,
        unit=floor.building.unit if floor is not None else area.unit,
        attendant=attendant_on(floor, inspected_on) if floor is not None else None,
        inspected_on=inspected_on,
        inspector=actor,
        deducted=result.applicable - result.earned,
        score=result.value if result.value is not None else FULL_MARKS,
        vetoed=result.vetoed,
        note=note,
    )
    record_save(inspection, actor=actor)
    for item, points, reason in lines:
        record_save(
            Deduction(community=community, inspection=inspection, item=item, points=points, reason=reason),
            actor=actor,
        )
    return inspection
