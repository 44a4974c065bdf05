"""The health app's records: conditions and their follow-up rules, archives, plans and visits,
outreach. Split by section; everything is importable from ``sanjian.health.models``."""

from sanjian.health.models.archives import (
    ARCHIVE_FIELDS,
    ArchiveCondition,
    ArchiveStatus,
    BloodType,
    HealthArchive,
)
from sanjian.health.models.conditions import DEFAULT_CONDITIONS, Condition, FollowUpRule
from sanjian.health.models.followups import (
    VISIT_FIELDS,
    Adherence,
    Classification,
    FollowUpPlan,
    Outcome,
    PlanKind,
    PlanStatus,
    Visit,
    VisitMethod,
)
from sanjian.health.models.outreach import OutreachEvent, OutreachKind, OutreachServed

__all__ = [
    "ARCHIVE_FIELDS",
    "VISIT_FIELDS",
    "DEFAULT_CONDITIONS",
    "Adherence",
    "ArchiveCondition",
    "ArchiveStatus",
    "BloodType",
    "Classification",
    "Condition",
    "FollowUpPlan",
    "FollowUpRule",
    "HealthArchive",
    "Outcome",
    "OutreachEvent",
    "OutreachKind",
    "OutreachServed",
    "PlanKind",
    "PlanStatus",
    "Visit",
    "VisitMethod",
]
