"""A person's data rights: everything the platform holds about them in one workbook, and,
where the law allows, their anonymisation.

Each app says what it holds through ``lib.registries.person_data``; these services only gather
the apps' answers, log the export and refuse an anonymisation that an app's records forbid.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from sanjian.lib.excel import write_workbook
from sanjian.lib.persondata import anonymous_name, mentions_replace, mentions_sheet
from sanjian.lib.records import Actor, record_note
from sanjian.lib.registries import PersonData, person_data
from sanjian.members.models import Person
from sanjian.members.rights import is_anonymised
from sanjian.tenancy.models import Community, ReadVia
from sanjian.tenancy.services import record_read


@dataclass(frozen=True)
class Kept:
    """An app whose records about the person are kept as they are, and why."""

    label: str
    because: str


def anonymise_blockers(person: Person) -> list[Kept]:
    """The apps that hold records about ``person`` which the law says are kept (no anonymising)."""
    return [
        Kept(str(entry.label), str(entry.kept_because))
        for entry in person_data.all()
        if entry.anonymise is None and any(sheet.rows for sheet in entry.export(person))
    ]


@transaction.atomic
def person_data_export(
    *, community: Community, person: Person, actor: Actor, can: Callable[[str], bool]
) -> tuple[bytes, str]:
    """The workbook of everything about ``person`` (a sheet per record kind of every app), and
    its file name. An app whose data needs a permission ``can`` denies is left out, and the
    first sheet says so. The export is logged as a read of the person's record and as a line of
    its history."""
    shown: list[PersonData] = []
    left_out: list[PersonData] = []
    for entry in person_data.all():
        (shown if not entry.perm or can(entry.perm) else left_out).append(entry)
    parts = [sheet for entry in shown for sheet in entry.export(person)]
    free_text = [pair for entry in shown for pair in entry.free_text]
    if free_text:
        parts.append(mentions_sheet(_("Notes that name the person"), free_text, person))
    record_read(community=community, record=person, actor=actor, via=ReadVia.EXPORT)
    for record in {r for sheet in parts for r in sheet.logged}:
        record_read(community=community, record=record, actor=actor, via=ReadVia.EXPORT)
    record_note(person, actor=actor, reason=_("Personal data exported"))
    about = [
        (_("Person"), person.name),
        (_("Exported at"), timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        *((_("Included"), str(entry.label)) for entry in shown),
        *((_("Left out: you may not read it"), str(entry.label)) for entry in left_out),
    ]
    content = write_workbook(
        [
            (
                _("About this file"),
                (pgettext("data export", "What"), pgettext("data export", "Value")),
                about,
            ),
            *((s.title, s.headers, s.rows) for s in parts),
        ]
    )
    return content, _("personal-data-%(number)s.xlsx") % {"number": person.pk}


@transaction.atomic
def person_anonymise(*, community: Community, person: Person, actor: Actor, reason: str) -> Person:
    """Replace what identifies ``person`` in every app's records with placeholders, keeping what
    is counted (hours, stays, scores), and their name, ID number and phone wherever they were
    typed into a note (every app's ``free_text``). Refused, with the apps named, when any app holds records
    about the person that must be kept; refused without a reason. Recorded in history with it."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say why the person's data is anonymised."))
    if person.community_id != community.pk:
        raise ValueError("a person is anonymised in their own community")
    person = Person.objects.select_for_update().get(pk=person.pk)
    if is_anonymised(person):
        raise ValidationError(_("This person's data has already been anonymised."))
    kept = anonymise_blockers(person)
    if kept:
        raise ValidationError(
            _("These records about the person must be kept, so the person cannot be anonymised: %(what)s.")
            % {"what": _("; ").join(f"{k.label} ({k.because})" for k in kept)}
        )
    for entry in person_data.all():
        if entry.anonymise is not None:
            entry.anonymise(person=person, actor=actor, reason=reason)
    # Then the notes that still name them (``person`` is still the person as they were).
    mentions_replace(
        [pair for entry in person_data.all() for pair in entry.free_text], person, anonymous_name(person)
    )
    person.refresh_from_db()
    return person
