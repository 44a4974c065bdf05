"""Benchmark service windows: standards, inspections, residents' ratings, tickets, titles.

Records flow one way: ratings and inspections (what happened) → daily rollups and scores (what
it is worth) → rankings, boards and indicators (what people read). See docs/windows.md.
One module per section; every model is importable from ``sanjian.windows.models``.
"""

from sanjian.windows.models.inspections import (
    Deduction,
    Inspection,
    InspectionCorrection,
    InspectionLine,
    InspectionStatus,
    photo_upload_to,
)
from sanjian.windows.models.ratings import (
    BAD_LEVELS,
    GOOD_LEVELS,
    DailyRollup,
    Level,
    Rating,
    Reason,
    Source,
)
from sanjian.windows.models.standards import (
    POINTS,
    WINDOW,
    Criterion,
    Dimension,
    NotApplicable,
    Policy,
    Standard,
    WindowProfile,
)
from sanjian.windows.models.tickets import (
    Appeal,
    AppealGround,
    AppealStatus,
    CallbackResult,
    Ticket,
    TicketStatus,
    overdue_q,
)
from sanjian.windows.models.titles import (
    BenchmarkTitle,
)

__all__ = [
    "Appeal",
    "AppealGround",
    "AppealStatus",
    "BAD_LEVELS",
    "BenchmarkTitle",
    "CallbackResult",
    "Criterion",
    "DailyRollup",
    "Deduction",
    "Dimension",
    "GOOD_LEVELS",
    "Inspection",
    "InspectionCorrection",
    "InspectionLine",
    "InspectionStatus",
    "Level",
    "NotApplicable",
    "POINTS",
    "Policy",
    "Rating",
    "Reason",
    "Source",
    "Standard",
    "Ticket",
    "TicketStatus",
    "WINDOW",
    "WindowProfile",
    "overdue_q",
    "photo_upload_to",
]
