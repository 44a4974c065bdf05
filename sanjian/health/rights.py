"""The health app's part in a person's data rights (``lib.registries.person_data``): the
archive, its recorded conditions, follow-up plans and visits. Exported only to the medical
lead (``health.lead``), each archive's export logged as a read; kept as they are by the rules
on medical records, so a person with an archive is not anonymised."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanjian.health.models import (
    ARCHIVE_FIELDS,
    ArchiveCondition,
    FollowUpPlan,
    HealthArchive,
    OutreachEvent,
    Visit,
)
from sanjian.lib.persondata import FreeText, records_sheet
from sanjian.lib.registries import PersonSheet

#: Where a person may be named in another person's record (a relative in a visit note, a
#: volunteer at an outreach event): their name and numbers are replaced there when they are
#: anonymised, the medical facts stay as written.
FREE_TEXT: tuple[FreeText, ...] = (
    (Visit, ("note", "referral_reason", "end_reason")),
    (HealthArchive, ("note", "end_reason")),
    (OutreachEvent, ("staff", "note")),
)


def person_export(person: Any) -> list[PersonSheet]:
    archives = list(HealthArchive.objects.filter(person=person).select_related("doctor"))
    return [
        records_sheet(
            _("Health archive"),
            archives,
            ("number", *ARCHIVE_FIELDS, "status", "opened_on", "note"),
            model=HealthArchive,
            logged=True,
        ),
        records_sheet(
            _("Recorded conditions"),
            ArchiveCondition.objects.filter(archive__in=archives).select_related("condition"),
            ("condition", "diagnosed_on", "followed_since"),
            model=ArchiveCondition,
        ),
        records_sheet(
            _("Follow-up plans"),
            FollowUpPlan.objects.filter(archive__in=archives)
            .select_related("condition")
            .order_by("due_date"),
            ("condition", "kind", "period_start", "due_date", "status"),
            model=FollowUpPlan,
        ),
        records_sheet(
            _("Follow-up visits"),
            Visit.objects.filter(archive__in=archives).order_by("date"),
            (
                "date",
                "method",
                "systolic",
                "diastolic",
                "fasting_glucose",
                "weight_kg",
                "classification",
                "outcome",
                "next_date",
                "note",
            ),
            model=Visit,
        ),
    ]
