"""The members app's records, split by domain: people and their party archive, branch life
(三会一课), party dues, organisational transfers and spreadsheet imports."""

from sanjian.members.models.dues import DuesBase, DuesCategory, DuesPayment
from sanjian.members.models.imports import ImportBatch, ImportStatus
from sanjian.members.models.meetings import Attendance, Meeting, MeetingAttachment, MeetingKind
from sanjian.members.models.people import (
    PARTY_DATES,
    PARTY_FIELDS,
    PERSON_FIELDS,
    Gender,
    PartyMember,
    PartyPost,
    PartyStatus,
    Person,
    PersonCategory,
)
from sanjian.members.models.transfers import Transfer, TransferKind, TransferStatus

__all__ = [
    "PARTY_DATES",
    "PARTY_FIELDS",
    "PERSON_FIELDS",
    "Attendance",
    "DuesBase",
    "DuesCategory",
    "DuesPayment",
    "Gender",
    "ImportBatch",
    "ImportStatus",
    "Meeting",
    "MeetingAttachment",
    "MeetingKind",
    "PartyMember",
    "PartyPost",
    "PartyStatus",
    "Person",
    "PersonCategory",
    "Transfer",
    "TransferKind",
    "TransferStatus",
]
