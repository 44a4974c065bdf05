"""What the assessment prints and circulates: the letter in Word, the period's result sheet in Excel.

(The PDFs — letter and score card — are templates under ``templates/assessment/print/``.)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from sanjian.assessment.measures import measured
from sanjian.assessment.models import Letter, LetterItem, Period
from sanjian.assessment.selectors import KindResults
from sanjian.lib.excel import write_sheet

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def letter_filename(letter: Letter, extension: str) -> str:
    return f"{letter.unit.name} {letter.period} {_('responsibility letter')}.{extension}"


def _person(user: object) -> str:
    if user is None:
        return "________"
    return user.get_full_name() or user.get_username()


def _signed(moment: object) -> str:
    if moment is None:
        return _("(not signed)")
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _number(value: Decimal | None) -> str:
    return "—" if value is None else format(value.normalize(), "f")


def letter_docx(letter: Letter, items: Sequence[LetterItem]) -> bytes:
    """The letter in the customary layout: title, parties, duties, indicator table, signatures."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    style = document.styles["Normal"]
    style.font.name, style.font.size = "SimSun", Pt(11)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "SimSun")  # Chinese text needs the East Asian font set
    title = document.add_heading(_("Responsibility letter"), level=1)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subtitle = document.add_paragraph(str(letter.period))
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    community = letter.community
    document.add_paragraph(
        _("Issued by: %(issuer)s") % {"issuer": community.general_branch_name or community.name}
    )
    document.add_paragraph(_("Contracted by: %(unit)s") % {"unit": letter.unit.name})
    document.add_paragraph(_("Responsible person: %(person)s") % {"person": _person(letter.responsible)})
    if letter.clauses:
        document.add_heading(_("Duties and terms"), level=2)
        for paragraph in letter.clauses.splitlines():
            if paragraph.strip():
                document.add_paragraph(paragraph.strip())
    document.add_heading(_("Indicators and targets"), level=2)
    headers = [_("No."), _("Category"), _("Indicator"), _("Target"), _("Weight"), _("Scoring rule")]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = str(text)
    for number, item in enumerate(items, start=1):
        target = measured(item.target, item.indicator.measure)
        values = [
            str(number),
            item.indicator.get_category_display(),
            item.indicator.name,
            target,
            _number(item.weight),
            str(item.rule_summary()),
        ]
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    document.add_paragraph(
        _("Total weight: %(total)s points") % {"total": _number(sum(i.weight for i in items))}
    )
    if letter.amendment_count:
        document.add_paragraph(
            _("Amended %(count)d times; see the record.") % {"count": letter.amendment_count}
        )
    signatures = document.add_table(rows=2, cols=2)
    signatures.cell(0, 0).text = _("For the community (signature): %(person)s") % {
        "person": _person(letter.issuer)
    }
    signatures.cell(0, 1).text = _("For the unit (signature): %(person)s") % {
        "person": _person(letter.responsible)
    }
    signatures.cell(1, 0).text = _("Signed: %(when)s") % {"when": _signed(letter.issuer_signed_at)}
    signatures.cell(1, 1).text = _("Signed: %(when)s") % {"when": _signed(letter.responsible_signed_at)}
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def letter_docx_response(letter: Letter, items: Sequence[LetterItem]) -> HttpResponse:
    response = HttpResponse(letter_docx(letter, items), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, letter_filename(letter, "docx"))
    return response


def results_workbook(period: Period, groups: Sequence[KindResults]) -> bytes:
    """The sheet a company circulates: one row per unit and indicator, the unit's totals beside."""
    headers = [
        _("Unit kind"),
        _("Unit"),
        _("Rank"),
        _("Score"),
        _("Adjustments"),
        _("Final score"),
        _("Indicator"),
        _("Category"),
        _("Weight"),
        _("Value"),
        _("Points"),
        _("Deductions"),
        _("Bonuses"),
        _("State"),
        _("Reasons"),
    ]
    rows = []
    for group in groups:
        for result in group.results:
            head = [
                group.label,
                result.unit.name,
                result.rank,
                result.total,
                result.adjustment,
                result.final_total,
            ]
            lines = result.breakdown or [None]
            for line in lines:
                if line is None:
                    rows.append(head + [None] * 9)
                    continue
                rows.append(
                    head
                    + [
                        line.name,
                        line.get_category_display(),
                        line.weight,
                        line.value,
                        line.earned if line.applicable else None,
                        line.deductions or None,
                        line.bonuses or None,
                        line.get_state_display(),
                        line.note,
                    ]
                )
    return write_sheet([str(h) for h in headers], rows, title=str(period))
