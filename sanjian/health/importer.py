"""The import of existing health archives: an .xlsx with Chinese column headers, one row an
archive, the person found by ID number in the people archive.

The sheet is read and the errors reported by ``lib.imports`` (the same machinery as the roster
import); this module owns the row rules. ``check_rows`` reads the database a fixed number of
times and answers the archives to open or every error (row, column, reason); ``import_archives``
opens them all through ``archive_create`` in one transaction (history, conditions and this
year's plans, as when a doctor opens one by hand), or none.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from sanjian.health.forms import doctors_of
from sanjian.health.models import BloodType, Condition, HealthArchive
from sanjian.health.services.archives import archive_create, next_number
from sanjian.health.services.conditions import conditions_ensure
from sanjian.lib.imports import (
    AS_NUMBER,
    ImportColumn,
    RowError,
    choice_labels,
    errors_sorted,
    id_number_as_number,
    import_headers,
    import_template,
    parse_date,
    read_rows,
    split_list,
)
from sanjian.lib.records import Actor
from sanjian.members.models import Person
from sanjian.members.validators import normalise_id_number, validate_id_number
from sanjian.tenancy.models import Community

COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("id_number", pgettext_lazy("health column", "ID number"), True, "130481199001011237"),
    ImportColumn(
        "name", pgettext_lazy("health column", "Name"), False, pgettext_lazy("health example", "Zhang San")
    ),
    ImportColumn("number", pgettext_lazy("health column", "Archive number"), False, "00001"),
    ImportColumn("blood_type", pgettext_lazy("health column", "Blood type"), False, "A"),
    ImportColumn(
        "conditions",
        pgettext_lazy("health column", "Chronic conditions"),
        False,
        pgettext_lazy("health example", "Hypertension, Type 2 diabetes"),
    ),
    ImportColumn(
        "allergies",
        pgettext_lazy("health column", "Allergies"),
        False,
        pgettext_lazy("health example", "Penicillin"),
    ),
    ImportColumn("past_history", pgettext_lazy("health column", "Medical history"), False, ""),
    ImportColumn(
        "medications",
        pgettext_lazy("health column", "Medications"),
        False,
        pgettext_lazy("health example", "Amlodipine 5 mg once a day"),
    ),
    ImportColumn(
        "doctor",
        pgettext_lazy("health column", "Responsible doctor"),
        False,
        pgettext_lazy("health example", "Doctor Wang"),
    ),
    ImportColumn("opened_on", pgettext_lazy("health column", "Archive opened on"), False, "2024-03-01"),
)
TEXT_KEYS = ("id_number", "number")
#: the character a blood type may carry ("A型")
BLOOD_SUFFIX = chr(0x578B)


def headers() -> dict[str, str]:
    return import_headers(COLUMNS)


def template_bytes() -> bytes:
    """The template: every header, one example row, the ID number and archive number as text."""
    return import_template(COLUMNS, title=_("Health archives"), text_keys=TEXT_KEYS)


def read_archives(upload: Any) -> list[dict[str, Any]]:
    """The sheet's rows as text; ValidationError for a file that is not a usable .xlsx."""
    return read_rows(upload, COLUMNS, text_keys=("id_number",))


@dataclass
class Plan:
    """What a checked file would write: one archive's values per row, or the errors."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class _Lookups:
    """What the rows refer to, read once."""

    def __init__(self, community: Community, rows: Sequence[dict[str, Any]]) -> None:
        ids = {normalise_id_number(r.get("id_number")) for r in rows}
        self.people = {p.id_number: p for p in Person.objects.filter(id_number__in=ids, is_active=True)}
        self.have_archive = set(
            HealthArchive.objects.filter(person__in=self.people.values()).values_list("person_id", flat=True)
        )
        self.numbers = set(HealthArchive.objects.values_list("number", flat=True))
        conditions = list(Condition.objects.filter(is_active=True))
        self.conditions = {c.name: c for c in conditions} | {c.code: c for c in conditions}
        self.condition_names = _(", ").join(c.name for c in conditions)
        self.doctors: dict[str, list[Any]] = {}
        for user in doctors_of(community):
            for key in {user.get_full_name(), user.get_username()} - {""}:
                self.doctors.setdefault(key, []).append(user)
        self.blood = {code: code for code, _label in BloodType.choices if code} | {
            code + BLOOD_SUFFIX: code for code, _label in BloodType.choices if code
        }
        self.next_number = int(next_number(community))


def check_rows(rows: Sequence[dict[str, Any]], *, community: Community) -> Plan:
    """Every row's archive values, or every row's errors."""
    names = headers()
    look = _Lookups(community, rows)
    plan = Plan()
    seen_ids: dict[str, int] = {}
    seen_numbers: dict[str, int] = {}
    today = timezone.localdate()
    for raw in rows:
        errors: list[RowError] = []

        def error(key: str, message: str, raw: dict = raw, errors: list = errors) -> None:
            errors.append(RowError(raw["row"], names[key], message))

        values = _check_row(raw, look, today, error, seen_ids, seen_numbers)
        plan.errors += errors
        if not errors:
            plan.rows.append(values)
    plan.errors = errors_sorted(plan.errors)
    _give_numbers(plan.rows, look, seen_numbers)
    return plan


def _check_row(
    raw: dict[str, Any],
    look: _Lookups,
    today: datetime.date,
    error: Any,
    seen_ids: dict[str, int],
    seen_numbers: dict[str, int],
) -> dict[str, Any]:
    values: dict[str, Any] = {"row": raw["row"]}
    values["person"] = _person(raw, look, today, error, seen_ids)
    number = raw.get("number", "")
    if len(number) > 30:
        error("number", _("Longer than %(n)s characters.") % {"n": 30})
    elif number in look.numbers:
        error("number", _("Another archive of this community has this number."))
    elif number in seen_numbers:
        error("number", _("Duplicate archive number: also on row %(row)s.") % {"row": seen_numbers[number]})
    elif number:
        seen_numbers[number] = raw["row"]
    values["number"] = number
    blood = raw.get("blood_type", "").upper()
    values["blood_type"] = look.blood.get(blood, "")
    if blood and not values["blood_type"]:
        error(
            "blood_type",
            _("Write the blood type as %(choices)s.") % {"choices": choice_labels(BloodType.choices)},
        )
    values["conditions"] = []
    for name in split_list(raw.get("conditions", "")):
        condition = look.conditions.get(name)
        if condition is None:
            error(
                "conditions",
                _("Unknown condition %(name)s: use %(choices)s.")
                % {"name": name, "choices": look.condition_names},
            )
        elif condition not in values["conditions"]:
            values["conditions"].append(condition)
    values["doctor"] = None
    if raw.get("doctor"):
        found = look.doctors.get(raw["doctor"], [])
        if len(found) == 1:
            values["doctor"] = found[0]
        elif found:
            error("doctor", _("Several medical staff have this name: use the login name."))
        else:
            error("doctor", _("No medical staff of this community has this name or login name."))
    values["opened_on"] = None
    if raw.get("opened_on"):
        try:
            values["opened_on"] = parse_date(raw["opened_on"])
        except ValueError:
            error("opened_on", _("Not a date: write it as 2020-01-31."))
        else:
            if values["opened_on"] > today:
                error("opened_on", _("The date is in the future."))
    for key in ("allergies", "past_history", "medications"):
        values[key] = raw.get(key, "")
    return values


def _person(
    raw: dict[str, Any], look: _Lookups, today: datetime.date, error: Any, seen_ids: dict[str, int]
) -> Person | None:
    """The person of the row's ID number, who must be in the people archive without an archive."""
    if raw.get("id_number" + AS_NUMBER):
        error("id_number", id_number_as_number(raw.get("id_number", "")))
        return None
    id_number = normalise_id_number(raw.get("id_number"))
    try:
        validate_id_number(id_number, today=today)
    except ValidationError as exc:
        error("id_number", exc.messages[0])
        return None
    if id_number in seen_ids:
        error("id_number", _("Duplicate ID number: also on row %(row)s.") % {"row": seen_ids[id_number]})
        return None
    seen_ids[id_number] = raw["row"]
    person = look.people.get(id_number)
    if person is None:
        error(
            "id_number",
            _("No person of this community has this ID number: add them to the people archive first."),
        )
    elif person.pk in look.have_archive:
        error("id_number", _("This person already has a health archive."))
    elif raw.get("name") and raw["name"] != person.name:
        error("name", _("The people archive gives this ID number to %(name)s.") % {"name": person.name})
    return person


def _give_numbers(rows: list[dict[str, Any]], look: _Lookups, seen: dict[str, int]) -> None:
    """Rows without a number get the next free ones, past every number taken or in the file."""
    taken = {n for n in (*look.numbers, *seen) if re.fullmatch(r"\d{1,9}", n)}
    following = max([look.next_number, *(int(n) + 1 for n in taken)])
    for values in rows:
        if not values["number"]:
            values["number"] = f"{following:05d}"
            following += 1


@transaction.atomic
def import_archives(plan: Plan, *, community: Community, actor: Actor) -> list[HealthArchive]:
    """Open every planned archive, with history and this year's plans, in one transaction."""
    if plan.errors:
        raise ValidationError(_("The file has errors: nothing has been imported."))
    conditions_ensure(community=community, actor=actor)
    fields = ("number", "blood_type", "allergies", "past_history", "medications", "doctor", "opened_on")
    return [
        archive_create(
            community=community,
            actor=actor,
            person=values["person"],
            conditions=values["conditions"],
            **{k: values[k] for k in fields},
        )
        for values in plan.rows
    ]
