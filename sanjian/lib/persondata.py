"""Helpers for the apps' parts of a person's data rights (``registries.person_data``): a sheet of
records read field by field, as the model names its fields, so that every app's export reads alike."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

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


#: What a person's data rights read of the free text an app keeps: a model and its fields in
#: which anyone may have typed a person's name, ID number or phone (minutes, notes, comments).
FreeText = tuple[type[models.Model], tuple[str, ...]]


def identifiers(person: Any) -> list[str]:
    """What names ``person`` in free text: their name, ID number and phone (longest first, so
    that a phone inside an ID number is not half replaced); a one-character value names no one."""
    values = {getattr(person, name, "") or "" for name in ("name", "id_number", "phone")}
    return sorted((v.strip() for v in values if len(v.strip()) >= 2), key=len, reverse=True)


def _mentioning(
    model: type[models.Model], fields: Sequence[str], community_id: int, values: list[str]
) -> Any:
    """The rows of ``model`` in the community whose ``fields`` hold one of ``values``."""
    found = models.Q()
    for name in fields:
        for value in values:
            found |= models.Q(**{f"{name}__contains": value})
    return model._base_manager.filter(found, community_id=community_id)


def mentions_sheet(title: Text, free_text: Iterable[FreeText], person: Any) -> PersonSheet:
    """One sheet of the notes that name ``person`` (by name, ID number or phone): the kind of
    record, the field, the record and the text. A name typed into another record is data about
    the person too."""
    values = identifiers(person)
    rows = []
    for model, fields in free_text:
        for row in _mentioning(model, fields, person.community_id, values).order_by("pk"):
            for name in fields:
                text = getattr(row, name) or ""
                if any(v in text for v in values):
                    field = model._meta.get_field(name)
                    rows.append([str(model._meta.verbose_name), str(field.verbose_name), str(row), text])
    headers = [
        pgettext("data export", "Kind of record"),
        pgettext("data export", "Field"),
        pgettext("data export", "Record"),
        pgettext("data export", "Text"),
    ]
    return PersonSheet(title, headers, rows)


def mentions_replace(free_text: Iterable[FreeText], person: Any, placeholder: str) -> int:
    """Replace ``person``'s name, ID number and phone with ``placeholder`` wherever they were typed
    into the free text of the community's rows, and in every history row kept of them; answers
    how many rows changed. A name is replaced wherever it stands, also inside a longer word: a
    note keeps its sense, the person is no longer named. Call with the person as they were."""
    values = identifiers(person)
    changed = 0
    if not values:
        return changed
    for model, fields in free_text:
        history = getattr(model, "history", None)
        targets = [model] + ([history.model] if history is not None else [])
        for target in targets:
            key = target._meta.pk.attname
            for row in _mentioning(target, fields, person.community_id, values):
                updates = {
                    name: _replaced(target, name, getattr(row, name), values, placeholder) for name in fields
                }
                updates = {name: text for name, text in updates.items() if text != getattr(row, name)}
                if updates:
                    target._base_manager.filter(**{key: getattr(row, key)}).update(**updates)
                    changed += 1
    return changed


def _replaced(
    model: type[models.Model], name: str, text: str | None, values: list[str], placeholder: str
) -> Any:
    if not text:
        return text
    for value in values:
        text = text.replace(value, placeholder)
    limit = model._meta.get_field(name).max_length
    return text[:limit] if limit else text


def no_own_records(person: models.Model) -> list[PersonSheet]:
    """An app whose records never point at a person: it has no sheet of its own, only the notes
    that name the person (its ``free_text``, which the export shows on their own sheet)."""
    return []
