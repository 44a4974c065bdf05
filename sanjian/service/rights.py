"""The service app's part in a person's data rights (``lib.registries.person_data``): their stays
and floor duties, cleaning shifts, production records, banquet seats, the deductions that fell
on them, and the repairs and complaints they reported from their rooms. Anonymising keeps every
row (a building's ledger, the red-flag scores) and replaces the name and phone a request typed in."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sanjian.lib.persondata import FreeText, anonymous_name, records_sheet
from sanjian.lib.records import Actor
from sanjian.lib.registries import PersonSheet
from sanjian.service.models import (
    Banquet,
    CleaningArea,
    CleaningShift,
    Deduction,
    DishRating,
    FloorDuty,
    Guest,
    Inspection,
    ProductionRecord,
    RoomAssignment,
    ServiceRequest,
    Standing,
)
from sanjian.tenancy.services import rows_scrub

#: Where a person may be named in another record of the app: requests, notes, comments, reasons.
FREE_TEXT: tuple[FreeText, ...] = (
    (ServiceRequest, ("reporter", "phone", "description", "resolution", "callback_note")),
    (RoomAssignment, ("note",)),
    (Inspection, ("note",)),
    (Deduction, ("reason",)),
    (Standing, ("veto_reason",)),
    (ProductionRecord, ("achievement",)),
    (Banquet, ("note",)),
    (CleaningArea, ("note",)),
    (DishRating, ("comment",)),
)


def _requests(person: Any) -> QuerySet[ServiceRequest]:
    """The requests the person typed in: by their phone, or by their name from a room they lived in."""
    rooms = RoomAssignment.objects.filter(person=person).values_list("room_id", flat=True)
    mine = Q(reporter=person.name, room_id__in=list(rooms))
    if person.phone:
        mine |= Q(phone=person.phone)
    return ServiceRequest.objects.filter(mine).select_related("room__floor__building")


def person_export(person: Any) -> list[PersonSheet]:
    return [
        records_sheet(
            _("Room assignments"),
            RoomAssignment.objects.filter(person=person).select_related("room__floor__building"),
            ("room", "check_in", "check_out", "note"),
            model=RoomAssignment,
        ),
        records_sheet(
            _("Floor duties"),
            FloorDuty.objects.filter(attendant=person).select_related("floor__building"),
            ("floor", "starts_on", "ends_on"),
            model=FloorDuty,
        ),
        records_sheet(
            _("Cleaning shifts"),
            CleaningShift.objects.filter(person=person).select_related("area"),
            ("area", "starts_at", "ends_at", "valid_from", "valid_until"),
            model=CleaningShift,
        ),
        records_sheet(
            _("Inspections of their duties"),
            Inspection.objects.filter(attendant=person).order_by("inspected_on"),
            ("inspected_on", "deducted", "score", "vetoed", "note"),
            model=Inspection,
        ),
        records_sheet(
            _("Production records"),
            ProductionRecord.objects.filter(person=person),
            ("team", "achieved_on", "achievement"),
            model=ProductionRecord,
        ),
        records_sheet(
            _("Banquet seats"),
            Guest.objects.filter(person=person).select_related("banquet"),
            ("banquet", "record"),
            model=Guest,
        ),
        records_sheet(
            _("Repairs and complaints"),
            _requests(person),
            ("room", "kind", "reported_on", "reporter", "phone", "description", "status"),
            model=ServiceRequest,
        ),
    ]


def person_anonymise(*, person: Any, actor: Actor, reason: str) -> None:
    """The requests' typed-in name and phone become a placeholder; every other row only points
    at the person, whose record ``members`` anonymises."""
    ids = list(_requests(person).values_list("pk", flat=True))
    rows_scrub(ServiceRequest, ids, reporter=anonymous_name(person), phone="")
