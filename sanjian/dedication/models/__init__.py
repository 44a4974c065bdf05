from sanjian.dedication.models.activities import ACTIVITY_FIELDS, Activity, ActivityCategory, SignUp
from sanjian.dedication.models.certificates import Certificate
from sanjian.dedication.models.hours import HourLog, LogSource, LogStatus, hours_of
from sanjian.dedication.models.projects import (
    PROJECT_FIELDS,
    BenefitEntry,
    BenefitKind,
    Project,
    ProjectKind,
    ProjectPhoto,
    ProjectStatus,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "PROJECT_FIELDS",
    "Activity",
    "ActivityCategory",
    "BenefitEntry",
    "BenefitKind",
    "Certificate",
    "HourLog",
    "LogSource",
    "LogStatus",
    "Project",
    "ProjectKind",
    "ProjectPhoto",
    "ProjectStatus",
    "SignUp",
    "hours_of",
]
