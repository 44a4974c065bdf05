"""Helpers for the apps' parts of a person's data rights (``registries.person_data``): a sheet of
records read field by field, as the model names its fields, so that every app's export reads alike."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib.registries import PersonSheet, Text


def anonymous_name(person: models.Model) -> str:
    """The placeholder that takes an anonymised person's name wherever a name was written."""
    return (_("Anonymised person %(number)s") % {"number": person.pk})[:50]


def records_sheet(
    title: Text,
    records: Iterable[models.Model],
    fields: Sequence[str],
    *,
    model: Any = None,
    logged: bool = False,
) -> PersonSheet:
    """A sheet with one row per record and a column per field (headed by its verbose name): a
    choice shows its label, a related record its name, a time the local time. ``logged``: the
    records are sensitive, the export logs a read of each. ``model`` is needed when
    ``records`` may be empty."""
    records = list(records)
    model = model or (type(records[0]) if records else None)
    if model is None:
        raise ValueError("records_sheet needs the model when there are no records")
    meta = model._meta
    headers = [str(meta.get_field(name).verbose_name) for name in fields]
    rows = [[cell(record, meta.get_field(name)) for name in fields] for record in records]
    return PersonSheet(title, headers, rows, logged=records if logged else ())


def cell(record: models.Model, field: Any) -> Any:
    """What a spreadsheet cell shows of ``record``'s ``field``."""
    if field.choices:
        return getattr(record, f"get_{field.name}_display")()
    value = getattr(record, field.name)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, (list, dict)):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


def nothing_to_replace(*, person: models.Model, actor: Any, reason: str) -> None:
    """An app whose rows only point at the person (never a copy of their name or numbers):
    anonymising the person's own record (``members``) is enough, its rows stay as they are."""
