"""Writes of the members app. Each takes the acting user, whom history records as the author;
each runs in one transaction, so bad input changes nothing.

People and party archives, branch life and dues (``people``); organisational transfers
(``transfers``); a person's data rights, export and anonymisation (``rights``). The roster import lives in ``importer.py``. Every service is importable from
``sanjian.members.services``.
"""

from sanjian.members.services.people import (
    dues_base_declare,
    dues_payment_record,
    meeting_attachment_add,
    meeting_save,
    party_member_save,
    person_save,
)
from sanjian.members.services.rights import person_anonymise, person_data_export
from sanjian.members.services.transfers import transfer_approve, transfer_reject, transfer_request

__all__ = [
    "dues_base_declare",
    "dues_payment_record",
    "meeting_attachment_add",
    "meeting_save",
    "party_member_save",
    "person_anonymise",
    "person_data_export",
    "person_save",
    "transfer_approve",
    "transfer_reject",
    "transfer_request",
]
