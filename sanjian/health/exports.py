"""Excel exports of the health lists. Personal data leaves the platform only through the
medical lead's exports, and each archive in one is logged as read (``via=export``); the
community's statistics hold counts only."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from sanjian.health import selectors
from sanjian.health.models import FollowUpPlan, HealthArchive, Visit
from sanjian.lib.excel import write_sheet
from sanjian.lib.formats import percent
from sanjian.lib.history import person_name
from sanjian.lib.records import Actor
from sanjian.tenancy.models import Community, ReadVia
from sanjian.tenancy.services import record_read


def _who(user: Any) -> str:
    return person_name(user) if user is not None else ""


def _log(community: Community, archives: Iterable[HealthArchive], actor: Actor) -> None:
    for archive in {a.pk: a for a in archives}.values():
        record_read(community=community, record=archive, actor=actor, via=ReadVia.EXPORT)


def archives_xlsx(community: Community, archives: list[HealthArchive], *, actor: Actor) -> bytes:
    _log(community, archives, actor)
    headers = [
        _("archive number"),
        _("full name"),
        _("ID number"),
        _("phone"),
        _("chronic conditions"),
        _("blood type"),
        _("allergies"),
        _("medications"),
        _("responsible doctor"),
        _("status"),
        _("archive opened on"),
    ]
    rows = [
        [
            a.number,
            a.person.name,
            a.person.id_number,
            a.person.phone,
            _(", ").join(d.condition.name for d in a.diagnoses.all()),
            a.blood_type,
            a.allergies,
            a.medications,
            _who(a.doctor),
            a.get_status_display(),
            a.opened_on,
        ]
        for a in archives
    ]
    return write_sheet(headers, rows, title=_("Health archives"))


def plans_xlsx(
    community: Community, plans: list[FollowUpPlan], *, actor: Actor, today: datetime.date
) -> bytes:
    _log(community, (p.archive for p in plans), actor)
    headers = [
        _("archive number"),
        _("full name"),
        _("phone"),
        _("condition"),
        _("kind"),
        _("due by"),
        _("days overdue"),
        _("responsible doctor"),
        _("status"),
    ]
    rows = [
        [
            p.archive.number,
            p.archive.person.name,
            p.archive.person.phone,
            p.condition.name,
            p.get_kind_display(),
            p.due_date,
            max((today - p.due_date).days, 0),
            _who(p.doctor),
            p.archive.get_status_display(),
        ]
        for p in plans
    ]
    return write_sheet(headers, rows, title=_("Follow-ups due"))


def visits_xlsx(community: Community, visits: list[Visit], *, actor: Actor) -> bytes:
    _log(community, (v.archive for v in visits), actor)
    headers = [
        _("date"),
        _("archive number"),
        _("full name"),
        _("method"),
        _("blood pressure"),
        _("fasting glucose (mmol/L)"),
        _("weight (kg)"),
        _("oxygen saturation SpO₂ (%)"),
        _("medication adherence"),
        _("classification"),
        _("medication changed"),
        _("referred to"),
        _("outcome"),
        _("next follow-up"),
        _("doctor"),
    ]
    rows = [
        [
            v.date,
            v.archive.number,
            v.archive.person.name,
            v.get_method_display(),
            f"{v.systolic}/{v.diastolic}" if v.systolic else "",
            v.fasting_glucose,
            v.weight_kg,
            v.spo2,
            v.get_adherence_display(),
            v.get_classification_display(),
            _("yes") if v.medication_changed else "",
            v.referral_to,
            v.get_outcome_display(),
            v.next_date,
            _who(v.doctor),
        ]
        for v in visits
    ]
    return write_sheet(headers, rows, title=_("Follow-up visits"))


def stats_xlsx(community: Community, year: int) -> bytes:
    """The community's statistics of ``year``, month by month: counts and rates, no names of
    residents (the doctors' on-time rates are staff figures)."""
    headers = [
        _("month"),
        _("archives"),
        _("follow-up visits"),
        _("follow-ups due"),
        _("on-time rate"),
        _("overdue"),
    ]
    rows = []
    for month in range(1, 13):
        start = datetime.date(year, month, 1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        figures = selectors.headline(community, start, end)
        rows.append(
            [
                f"{year}-{month:02d}",
                figures["archives"],
                figures["visits"],
                figures["due"],
                percent(figures["on_time_rate"]),
                figures["overdue"],
            ]
        )
    year_figures = selectors.headline(community, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    rows.append([])
    rows.append([_("condition"), _("archives")])
    rows += [[name, n] for name, n in year_figures["by_condition"].items()]
    return write_sheet(headers, rows, title=_("Health statistics"))
