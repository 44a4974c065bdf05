"""Cost quotas (定额控制): items with their quota and actual amount, entered or imported from Excel."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from sanjian.assessment.models import ASSESSED_KINDS, CostItem, Period
from sanjian.lib.excel import read_sheet
from sanjian.lib.money import yuan
from sanjian.lib.records import Actor, record_save
from sanjian.org.models import Unit


def _require_open(period: Period) -> None:
    if not period.is_open:
        raise ValidationError(_("The period is closed: nothing in it can change any more."))


@transaction.atomic
def cost_item_save(*, period: Period, item: CostItem, actor: Actor) -> CostItem:
    """Create or change a cost item (quota and, when known, the actual amount)."""
    _require_open(period)
    item.community, item.period = period.community, period
    return record_save(item, actor=actor)


@transaction.atomic
def cost_actual_set(*, item: CostItem, actual: Decimal | None, note: str, actor: Actor) -> CostItem:
    """Record what was actually spent on an item."""
    _require_open(item.period)
    item.actual = None if actual is None else yuan(actual)
    item.note = note
    return record_save(item, actor=actor)


#: The headers of the import sheet, in the order of the downloadable template.
def import_headers() -> dict[str, str]:
    return {
        "unit": _("Unit code"),
        "name": _("Cost item"),
        "measure": _("Unit of measure"),
        "quota": _("Quota"),
        "actual": _("Actual"),
        "note": _("Note"),
    }


class ImportErrors(ValidationError):
    """Every bad row of a sheet, each naming its row and column; nothing was written."""


@transaction.atomic
def costs_import(*, period: Period, upload: UploadedFile, actor: Actor) -> tuple[int, int]:
    """Create or update the period's cost items from an Excel sheet, all or nothing.

    Returns (created, updated). Raises ImportErrors listing every bad row.
    """
    _require_open(period)
    headers = import_headers()
    rows = read_sheet(
        upload,
        required=[headers["unit"], headers["name"], headers["quota"]],
        optional=[headers["measure"], headers["actual"], headers["note"]],
    )
    units = {u.code: u for u in Unit.objects.filter(community=period.community, kind__in=ASSESSED_KINDS)}
    existing = {(i.unit_id, i.name): i for i in CostItem.objects.filter(period=period)}
    errors: list[str] = []
    seen: set[tuple[int, str]] = set()
    created, updated = [], []
    for row in rows:
        values = {key: row.values.get(header) for key, header in headers.items()}

        def bad(column: str, reason: str, row_number: int = row.number) -> None:
            errors.append(
                _("Row %(row)d, column “%(column)s”: %(reason)s")
                % {"row": row_number, "column": headers[column], "reason": reason}
            )

        unit = units.get(str(values["unit"] or "").strip())
        if unit is None:
            bad("unit", _("no assessed unit has this code."))
        name = str(values["name"] or "").strip()
        if not name or len(name) > 100:
            bad("name", _("enter a name of at most 100 characters."))
        quota = _money(values["quota"])
        if quota is None or quota <= 0:
            bad("quota", _("enter an amount above zero."))
        actual = _money(values["actual"]) if values["actual"] not in (None, "") else None
        if values["actual"] not in (None, "") and (actual is None or actual < 0):
            bad("actual", _("enter an amount of zero or more, or leave it empty."))
        if unit is None or not name or quota is None:
            continue
        if (unit.pk, name) in seen:
            bad("name", _("this unit's item appears twice in the sheet."))
            continue
        seen.add((unit.pk, name))
        item = existing.get((unit.pk, name))
        if item is None:
            item = CostItem(community=period.community, period=period, unit=unit, name=name)
            created.append(item)
        else:
            updated.append(item)
        item.quota, item.actual = quota, actual
        item.measure = str(values["measure"] or "")[:20]
        item.note = str(values["note"] or "")[:200]
    if errors:
        raise ImportErrors(errors)
    bulk_create_with_history(created, CostItem, default_user=actor)
    bulk_update_with_history(updated, CostItem, ["quota", "actual", "measure", "note"], default_user=actor)
    return len(created), len(updated)


def _money(value: Any) -> Decimal | None:
    if isinstance(value, float):
        value = repr(value)  # openpyxl reads numbers as floats: go through their shortest text
    try:
        amount = yuan(str(value).strip().replace(",", ""))
    except (InvalidOperation, TypeError, ValueError):
        return None
    return amount if amount.is_finite() and abs(amount) < Decimal("1e10") else None
