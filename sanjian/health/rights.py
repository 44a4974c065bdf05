"""The health app's part in a person's data rights (``lib.registries.person_data``): the
archive, its recorded conditions, follow-up plans and visits. Exported only to the medical
lead (``health.lead``), each archive's export logged as a read; kept as they are by the rules
on medical records, so a person with an archive is not anonymised."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanjian.health.models import ARCHIVE_FIELDS, ArchiveCondition, FollowUpPlan, HealthArchive, Visit
from sanjian.lib.persondata import records_sheet
from sanjian.lib.registries import PersonSheet


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
