"""Notices (通报) in the customary layout: the monthly notice and the notice of an assessment
period's published results, as Word and PDF. A4 portrait; every table has its header row
repeated on each page, one table per kind of unit, so that a 200-row result prints as a few
readable pages instead of a sheet split over fifteen."""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_scopes import scope

from sanjian.assessment import selectors as assessment
from sanjian.assessment.models import Period
from sanjian.lib.dates import Month
from sanjian.lib.pdf import render_pdf
from sanjian.reports import phrases, word
from sanjian.reports.figures import written
from sanjian.tenancy.models import Community
from sanjian.windows import selectors as windows


@dataclass
class Table:
    heading: str
    headers: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)  # millimetres, for Word


@dataclass
class Notice:
    title: str
    issuer: str
    issued_on: datetime.date
    opening: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sections: list[tuple[str, list[str]]] = field(default_factory=list)  # heading, paragraphs
    closing: list[str] = field(default_factory=list)

    @property
    def date_text(self) -> str:
        return date_format(self.issued_on, "DATE_FORMAT")


def _score(value: Decimal | None) -> str:
    """A score with one decimal, as a table prints it: 81.0, never 81."""
    return "—" if value is None else number_format(value, 1, use_l10n=True)


def _signed(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "−" if value < 0 else "") + _score(abs(value))


def _issuer(community: Community) -> str:
    return community.general_branch_name or community.name


def _warnings(alerts: list[Any]) -> list[tuple[str, list[str]]]:
    """The early-warnings section both notices end with (none when no unit is warned)."""
    if not alerts:
        return []
    lines = [
        _("%(unit)s: %(warning)s (score %(score)s).")
        % {"unit": a.unit.name, "warning": a.get_kind_display(), "score": written("average_score", a.score)}
        for a in alerts
    ]
    return [(_("Early warnings"), lines)]


def results_notice(community: Community, period: Period) -> Notice:
    """The published results of ``period``: one table per kind of unit (rank, unit, score,
    change from the period before) and the early warnings."""
    with scope(community=community.pk):
        groups = assessment.period_results(period)
        alerts = list(assessment.alert_list(period=period))
    units = sum(len(g.results) for g in groups)
    notice = Notice(
        title=_("Notice of the target assessment results of %(period)s") % {"period": period},
        issuer=_issuer(community),
        issued_on=timezone.localdate(period.published_at) if period.published_at else timezone.localdate(),
        opening=[
            _(
                "Under the community's assessment rules, %(issuer)s assessed %(units)s units for %(period)s. "
                "The results are published as follows."
            )
            % {"issuer": _issuer(community), "units": units, "period": period}
        ],
    )
    headers = [_("Rank"), _("Unit"), _("Score"), pgettext("difference", "Change")]
    for group in groups:
        rows = [
            [str(r.rank or "—"), r.unit.name, _score(r.final_total), _signed(r.change)] for r in group.results
        ]
        notice.tables.append(Table(group.label, headers, rows, [20, 76, 30, 30]))
    notice.sections.extend(_warnings(alerts))
    notice.closing.append(
        _(
            "Every unit is asked to compare its results with the standards, find where it falls short and put it right."
        )
    )
    return notice


def _flag_awards(community: Community, month: Month) -> list[Any]:
    if not apps.is_installed("sanjian.service"):
        return []
    module = importlib.import_module("sanjian.service.selectors")
    if not hasattr(module, "flag_awards"):
        return []
    with scope(community=community.pk):
        return list(module.flag_awards(community, month.start, month.end))


def _value(row: Any, *names: str) -> Any:
    for name in names:
        value = row.get(name) if isinstance(row, dict) else getattr(row, name, None)
        if value:
            return value
    return ""


def monthly_notice(community: Community, month: Month) -> Notice:
    """The month's notice: the windows' ranking, the red flags, the tickets, the warnings."""
    with scope(community=community.pk):
        ranking = [s for s in windows.month_ranking(month) if s.rank is not None]
        figures = windows.headline(community, month.start, month.end)
        period = Period.objects.filter(kind="month", year=month.year, number=month.month).first()
        alerts = list(assessment.alert_list(period=period)) if period else []
    name = phrases.period(month.start, month.end)
    notice = Notice(
        title=_("Monthly notice of %(month)s") % {"month": name},
        issuer=_issuer(community),
        issued_on=min(timezone.localdate(), month.next().start + datetime.timedelta(days=4)),
        opening=[
            _("The work of the service windows and units in %(month)s is notified as follows.")
            % {"month": name}
        ],
    )
    if ranking:
        rows = [
            [
                str(s.rank),
                s.window.name,
                written("satisfaction", s.satisfaction_share),
                written("ratings", s.total),
                _score(s.inspection),
                _score(s.combined),
            ]
            for s in ranking
        ]
        notice.tables.append(
            Table(
                _("Ranking of the service windows"),
                [_("Rank"), _("Window"), _("Satisfaction"), _("Ratings"), _("Inspection score"), _("Score")],
                rows,
                [14, 52, 24, 22, 22, 22],
            )
        )
        talks = [s.window.name for s in ranking if s.talk]
        if talks:
            notice.sections.append(
                (
                    _("Talks"),
                    [
                        _("Last two months running, to be talked to: %(windows)s.")
                        % {"windows": _(", ").join(talks)}
                    ],
                )
            )
    flags = _flag_awards(community, month)
    if flags:
        notice.sections.append(
            (
                _("Mobile red flags"),
                [
                    _("%(unit)s won the %(competition)s.")
                    % {
                        "unit": _value(f, "unit_name", "unit") or community.name,
                        "competition": _value(f, "competition_name", "competition") or _("mobile red flag"),
                    }
                    for f in flags
                ],
            )
        )
    if figures["tickets"]:
        notice.sections.append(
            (
                _("Rectification tickets"),
                [
                    _(
                        "%(opened)s tickets were opened and %(closed)s closed; %(overdue)s are open past their deadline."
                    )
                    % {
                        "opened": figures["tickets"],
                        "closed": figures["tickets_closed"],
                        "overdue": figures["tickets_overdue"],
                    }
                ],
            )
        )
    notice.sections.extend(_warnings(alerts))
    return notice


def as_docx(notice: Notice) -> bytes:
    out = word.new_document()
    word.title(out, notice.title)
    for text in notice.opening:
        word.paragraph(out, [(text, False)])
    number = 0
    for table in notice.tables:
        number += 1
        word.heading(out, phrases.section_number(number) + table.heading)
        word.table(out, table.headers, table.rows, widths=table.widths)
    for heading, paragraphs in notice.sections:
        number += 1
        word.heading(out, phrases.section_number(number) + heading)
        for text in paragraphs:
            word.paragraph(out, [(text, False)])
    for text in notice.closing:
        word.paragraph(out, [(text, False)])
    word.signature(out, notice.issuer, notice.date_text)
    return word.to_bytes(out)


def as_pdf(notice: Notice) -> bytes:
    numbered = []
    number = 0
    for table in notice.tables:
        number += 1
        numbered.append(("table", phrases.section_number(number) + table.heading, table))
    for heading, paragraphs in notice.sections:
        number += 1
        numbered.append(("section", phrases.section_number(number) + heading, paragraphs))
    return render_pdf("reports/notice_pdf.html", {"notice": notice, "parts": numbered})
