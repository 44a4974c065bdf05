"""Reading a record's history (django-simple-history) as lines a person can follow."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTIONS = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime
    who: Any
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def history_entries(instance: models.Model, *, limit: int = 50) -> list[Entry]:
    """The newest ``limit`` changes of ``instance``, each with who, when and what changed.

    A record may have no history rows at all (made before history was kept, or by a bulk load):
    it has nothing to show, which is not an error.
    """
    rows = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    entries = []
    for newer, older in zip(rows, [*rows[1:], None][: len(rows)], strict=True):
        if len(entries) == limit:
            break
        entry = Entry(
            newer.history_date,
            newer.history_user,
            str(ACTIONS[newer.history_type]),
            newer.history_change_reason or "",
        )
        if older is not None and newer.history_type == "~":
            delta = newer.diff_against(older)
            entry.changes = [_change(instance, c.field, c.old, c.new) for c in delta.changes]
        entries.append(entry)
    return entries


def _change(instance: models.Model, name: str, old: Any, new: Any) -> Change:
    model_field = instance._meta.get_field(name)
    return Change(str(model_field.verbose_name), _display(model_field, old), _display(model_field, new))


def person_name(user: Any) -> str:
    """A user as people know them: the full name (a Chinese name is kept whole in first_name),
    the login only when no name is recorded."""
    return (user.get_full_name() or user.get_username()).strip()


def _display(model_field: models.Field, value: Any) -> str:
    """A stored value as the record's page would show it: choices by label, people by name,
    related records by their name, moments in local time, in the reader's language."""
    if value is None or value == "":
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._base_manager.filter(pk=value).first()
        if related is None:
            return f"#{value}"
        return person_name(related) if isinstance(related, AbstractBaseUser) else str(related)
    if isinstance(model_field, models.DateTimeField) and isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(model_field, models.DateField) and isinstance(value, date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(model_field, models.DecimalField | models.FloatField):
        return formats.number_format(value, use_l10n=True)
    return str(value)
