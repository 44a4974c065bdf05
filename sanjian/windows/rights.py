"""The windows app's part in a person's data rights (``lib.registries.person_data``): its records
point at windows, not at people, but a resident's rating comment (and the phone they left), an
inspection's note or a ticket's text may name a person; the export shows those notes and
anonymising replaces the name, ID number and phone in them."""

from __future__ import annotations

from sanjian.lib.persondata import FreeText
from sanjian.windows.models import (
    Appeal,
    BenchmarkTitle,
    Deduction,
    Inspection,
    InspectionCorrection,
    InspectionLine,
    NotApplicable,
    Rating,
    Ticket,
)

FREE_TEXT: tuple[FreeText, ...] = (
    (Rating, ("comment", "phone")),
    (Inspection, ("note",)),
    (InspectionLine, ("veto_reason",)),
    (InspectionCorrection, ("reason", "summary")),
    (Deduction, ("reason",)),
    (NotApplicable, ("reason",)),
    (Ticket, ("rectification", "callback_note", "close_note")),
    (Appeal, ("statement", "decision_note")),
    (BenchmarkTitle, ("reason",)),
)
