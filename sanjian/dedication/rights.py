"""The dedication app's part in a person's data rights (``lib.registries.person_data``): their
hour logs, sign-ups, certificates and the projects and activities they lead. Anonymising keeps
every minute (the boards and the branch's totals stay as they were) and replaces the name and
masked ID number the certificates copied when they were issued."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanjian.dedication.models import (
    Activity,
    BenefitEntry,
    Certificate,
    HourLog,
    Project,
    ProjectPhoto,
    SignUp,
)
from sanjian.lib.persondata import FreeText, anonymous_name, records_sheet
from sanjian.lib.records import Actor
from sanjian.lib.registries import PersonSheet
from sanjian.tenancy.services import rows_scrub

#: Where a person may be named in another record of the app: the notes of logs, reasons, captions.
FREE_TEXT: tuple[FreeText, ...] = (
    (HourLog, ("note", "reject_reason")),
    (Activity, ("description", "cancel_reason")),
    (Certificate, ("revoke_reason",)),
    (Project, ("goal", "description")),
    (ProjectPhoto, ("caption",)),
    (BenefitEntry, ("basis",)),
)


def person_export(person: Any) -> list[PersonSheet]:
    return [
        records_sheet(
            _("Volunteer hours"),
            HourLog.objects.filter(person=person).select_related("activity", "branch").order_by("started_at"),
            ("activity", "started_at", "ended_at", "minutes", "source", "status", "note", "branch"),
            model=HourLog,
        ),
        records_sheet(
            _("Activity sign-ups"),
            SignUp.objects.filter(person=person).select_related("activity").order_by("signed_up_at"),
            ("activity", "signed_up_at", "checked_in_at", "checked_out_at"),
            model=SignUp,
        ),
        records_sheet(
            _("Volunteer service certificates"),
            Certificate.objects.filter(person=person).order_by("issued_on"),
            ("serial", "period_start", "period_end", "holder_name", "minutes", "issued_on", "is_revoked"),
            model=Certificate,
        ),
        records_sheet(
            _("Dedication projects led"),
            Project.objects.filter(leader=person).order_by("starts_on"),
            ("name", "kind", "starts_on", "ends_on"),
            model=Project,
        ),
        records_sheet(
            _("Activities organised"),
            Activity.objects.filter(organiser=person).order_by("starts_at"),
            ("title", "place", "starts_at", "ends_at"),
            model=Activity,
        ),
    ]


def person_anonymise(*, person: Any, actor: Actor, reason: str) -> None:
    """The certificates' copies of the name and masked ID number become a placeholder."""
    ids = Certificate.objects.filter(person=person).values_list("pk", flat=True)
    rows_scrub(Certificate, ids, holder_name=anonymous_name(person), holder_id_masked="")
