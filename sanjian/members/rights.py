"""The members app's part in a person's data rights (``lib.registries.person_data``): the
person's own record, and the party archive with its branch life and dues, which are kept."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sanjian.lib.persondata import FreeText, anonymous_name, records_sheet
from sanjian.lib.records import Actor, record_note
from sanjian.lib.registries import PersonSheet
from sanjian.members.models import (
    PERSON_FIELDS,
    Attendance,
    DuesPayment,
    ImportBatch,
    Meeting,
    MeetingAttachment,
    PartyMember,
    Person,
    Transfer,
)
from sanjian.tenancy.services import rows_scrub

#: An anonymised person's ID number: this prefix and the record's id (unique in the community,
#: never a valid ID number, 18 characters as the column wants).
ANONYMOUS_ID_PREFIX = "ANON"

#: Where a person may be named in another record of the app: minutes, reasons, introducers, notes.
FREE_TEXT: tuple[FreeText, ...] = (
    (Meeting, ("topic", "minutes")),
    (Attendance, ("absence_reason",)),
    (MeetingAttachment, ("title",)),
    (Transfer, ("destination", "reason", "rejection")),
    (PartyMember, ("introducers",)),
    (DuesPayment, ("note",)),
    (Person, ("note",)),
    (ImportBatch, ("message",)),
)


def is_anonymised(person: Person) -> bool:
    return person.id_number.startswith(ANONYMOUS_ID_PREFIX)


def person_export(person: Person) -> list[PersonSheet]:
    return [records_sheet(_("Personal record"), [person], (*PERSON_FIELDS, "note"))]


def party_export(person: Person) -> list[PersonSheet]:
    """The party archive, the meetings the member was expected at, their dues and transfers."""
    members = list(PartyMember.objects.filter(person=person).select_related("branch", "leader", "cadre"))
    fields = ("branch", "status", "applied_on", "activist_on", "candidate_on", "joined_on", "full_on")
    return [
        records_sheet(
            _("Party archive"),
            members,
            (*fields, "introducers", "party_post", "leader", "cadre"),
            model=PartyMember,
        ),
        records_sheet(
            _("Branch meetings"),
            Attendance.objects.filter(member__in=members)
            .select_related("meeting")
            .order_by("meeting__held_on"),
            ("meeting", "present", "absence_reason"),
            model=Attendance,
        ),
        records_sheet(
            _("Party dues"),
            DuesPayment.objects.filter(member__in=members).order_by("month"),
            ("month", "branch", "amount_due", "amount_paid", "paid_on", "note"),
            model=DuesPayment,
        ),
        records_sheet(
            _("Relationship transfers"),
            Transfer.objects.filter(member__in=members).order_by("requested_at"),
            ("kind", "from_branch", "to_branch", "destination", "status", "requested_at", "completed_at"),
            model=Transfer,
        ),
    ]


def person_anonymise(*, person: Person, actor: Actor, reason: str) -> None:
    """Replace the name, ID number, phone, employee number, room and note with placeholders, in
    the record and in every history row kept of it; keep the gender and the birth year (what
    the statistics count); drop the photo and the link to a login, whose name goes too. The
    newest history row says who anonymised the person and why. The roster imports' kept rows
    lose the person's row."""
    placeholder = anonymous_name(person)
    old = {person.id_number, person.name, person.phone} - {""}
    name, user = person.name, person.user
    if person.photo:
        person.photo.delete(save=False)
    rows_scrub(
        Person,
        [person.pk],
        name=placeholder,
        id_number=f"{ANONYMOUS_ID_PREFIX}{person.pk:014d}",
        phone="",
        employee_number="",
        dormitory_room="",
        note="",
        photo="",
        user=None,
        birth_date=person.birth_date.replace(month=1, day=1) if person.birth_date else None,
    )
    # A fresh copy: the other apps' hooks are given ``person`` as it was (its name, its phone).
    record_note(Person.objects.get(pk=person.pk), actor=actor, reason=reason)
    if user is not None and user.get_full_name().strip() == name:
        type(user)._base_manager.filter(pk=user.pk).update(first_name=placeholder, last_name="")
    _imports_forget(person.community_id, old)


def _imports_forget(community_id: int, values: set[str]) -> None:
    """A roster import keeps the rows it previewed: drop every kept row naming the person."""
    for batch in ImportBatch._base_manager.filter(community_id=community_id):
        rows = [row for row in batch.rows if not _mentions(row, values)]
        errors = [error for error in batch.errors if not _mentions(error, values)]
        if rows != batch.rows or errors != batch.errors:
            ImportBatch._base_manager.filter(pk=batch.pk).update(rows=rows, errors=errors)


def _mentions(item: object, values: set[str]) -> bool:
    if isinstance(item, dict):
        return any(_mentions(v, values) for v in item.values())
    if isinstance(item, list | tuple):
        return any(_mentions(v, values) for v in item)
    return isinstance(item, str) and item.strip() in values
