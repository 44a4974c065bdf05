"""Word documents (python-docx) in the layout of Chinese official documents (GB/T 9704): A4
portrait, the title in a large song typeface, headings in hei, the body in fangsong with a
two-character first-line indent and fixed line spacing, and tables whose header row repeats on
every page. The typeface names are the customary ones; a machine without them (LibreOffice on
Linux) substitutes its own CJK typeface.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

#: The typefaces by the names Word knows them by in every language: 方正小标宋简体, 黑体, 仿宋, 宋体.
TITLE_FONT = "FZXiaoBiaoSong-B05S"
HEADING_FONT = "SimHei"
BODY_FONT = "FangSong"
TABLE_FONT = "SimSun"


def new_document() -> DocumentType:
    """An empty A4 portrait document with the official margins and body style."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    style = document.styles["Normal"]
    _font(style.font, style.element, BODY_FONT, 16)
    return document


def _font(font: Any, element: Any, name: str, size: float, *, bold: bool = False) -> None:
    font.name = name
    font.size = Pt(size)
    font.bold = bold
    properties = element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _spacing(paragraph: Any, *, exact: float = 28, indent: bool = False) -> None:
    format_ = paragraph.paragraph_format
    format_.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    format_.line_spacing = Pt(exact)
    format_.space_before = format_.space_after = Pt(0)
    if indent:
        format_.first_line_indent = Pt(32)  # two characters of 16 pt


def title(document: DocumentType, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(paragraph, exact=36)
    paragraph.paragraph_format.space_after = Pt(16)
    run = paragraph.add_run(text)
    _font(run.font, run._element, TITLE_FONT, 22)


def subtitle(document: DocumentType, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(paragraph)
    paragraph.paragraph_format.space_after = Pt(12)
    run = paragraph.add_run(text)
    _font(run.font, run._element, BODY_FONT, 16)


def heading(document: DocumentType, text: str) -> None:
    paragraph = document.add_paragraph()
    _spacing(paragraph, indent=True)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(text)
    _font(run.font, run._element, HEADING_FONT, 16, bold=True)  # bold where SimHei is missing


def paragraph(
    document: DocumentType,
    runs: Iterable[tuple[str, bool]],
    *,
    align_right: bool = False,
    keep_with_next: bool = False,
) -> None:
    """A body paragraph of (text, bold) runs; ``keep_with_next`` keeps it on the page of the next
    one (the signature with its date)."""
    paragraph = document.add_paragraph()
    _spacing(paragraph, indent=not align_right)
    paragraph.paragraph_format.keep_with_next = keep_with_next
    if align_right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text, bold in runs:
        run = paragraph.add_run(text)
        _font(run.font, run._element, BODY_FONT, 16, bold=bold)


def table(
    document: DocumentType,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[float] = (),
) -> None:
    """A bordered table whose header row repeats at the top of every page it runs over, and
    whose rows never split across pages."""
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _repeat_header(grid.rows[0])
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        _cell(cell, str(text), bold=True)
    for values in rows:
        row = grid.add_row()
        _keep_row(row)
        for cell, value in zip(row.cells, values, strict=False):
            _cell(cell, "" if value is None else str(value))
    if widths:
        grid.autofit = False
        for index, width in enumerate(widths):
            grid.columns[index].width = Mm(width)
            for row in grid.rows:
                row.cells[index].width = Mm(width)


def _cell(cell: Any, text: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _spacing(paragraph, exact=20)
    run = paragraph.add_run(text)
    _font(run.font, run._element, TABLE_FONT, 11, bold=bold)


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)
    _keep_row(row)


def _keep_row(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    keep = OxmlElement("w:cantSplit")
    keep.set(qn("w:val"), "true")
    properties.append(keep)


def to_bytes(document: DocumentType) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def signature(document: DocumentType, issuer: str, date_text: str) -> None:
    """The issuer and the date, right-aligned, kept together on one page."""
    paragraph(document, [("", False)], keep_with_next=True)
    paragraph(document, [(issuer, False)], align_right=True, keep_with_next=True)
    paragraph(document, [(date_text, False)], align_right=True)
