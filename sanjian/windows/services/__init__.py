"""Writes of the windows app. Each takes the acting user, whom history records as the author.

Ratings (``ratings``) and their tickets and appeals (``tickets``); inspections: start, deduct,
veto, submit, correct (``inspections``); standards, exemptions, titles, the QR and board links,
the settings (``standards``). Every service is importable from ``sanjian.windows.services``.
"""

from sanjian.windows.services.inspections import (
    Correction,
    deduction_add,
    deduction_remove,
    inspection_correct,
    inspection_delete,
    inspection_score,
    inspection_start,
    inspection_submit,
    veto_set,
)
from sanjian.windows.services.ratings import (
    PHONE,
    rating_clean,
    rating_submit,
)
from sanjian.windows.services.standards import (
    benchmark_designate,
    benchmark_revoke,
    board_link_revoke,
    criterion_delete,
    criterion_save,
    exemptions_set,
    policy_save,
    qr_revoke,
    standard_save,
)
from sanjian.windows.services.tickets import (
    appeal_decide,
    appeal_file,
    ticket_call_back,
    ticket_close,
    ticket_rectify,
    ticket_reopen,
)

__all__ = [
    "Correction",
    "PHONE",
    "appeal_decide",
    "appeal_file",
    "benchmark_designate",
    "benchmark_revoke",
    "board_link_revoke",
    "criterion_delete",
    "criterion_save",
    "deduction_add",
    "deduction_remove",
    "exemptions_set",
    "inspection_correct",
    "inspection_delete",
    "inspection_score",
    "inspection_start",
    "inspection_submit",
    "policy_save",
    "qr_revoke",
    "rating_clean",
    "rating_submit",
    "standard_save",
    "ticket_call_back",
    "ticket_close",
    "ticket_rectify",
    "ticket_reopen",
    "veto_set",
]
