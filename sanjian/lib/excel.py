"""Spreadsheets in and out (openpyxl). Importers own their row rules; this reads and writes sheets.

Reading checks what any upload needs checking (is it an .xlsx at all, is there a sheet, are
the required headers there, in any order) and hands back rows keyed by header with their
spreadsheet row number, so that every error can name its row and column.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Row:
    number: int  # as the spreadsheet shows it (header is row 1)
    values: dict[str, Any]


def check_archive(upload: UploadedFile | io.BytesIO) -> None:
    """Refuse an .xlsx/.docx (a zip archive) that would unpack into more than the platform reads,
    before anything unpacks it: a 300 KB file can hold 300 MB of sheet (a "zip bomb") and take a
    worker's memory with it. The sizes checked are the archive's own; the reader never unpacks an
    entry past the size its header declares, so the check bounds what is read."""
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from exc
    finally:
        upload.seek(0)
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > settings.UPLOAD_MAX_ENTRIES or unpacked > settings.UPLOAD_MAX_UNPACKED_BYTES:
        raise ValidationError(
            _(
                "The file unpacks to %(size)s in %(entries)s parts; at most %(limit)s are read. "
                "Split it into smaller files."
            )
            % {
                "size": filesizeformat(unpacked),
                "entries": len(entries),
                "limit": filesizeformat(settings.UPLOAD_MAX_UNPACKED_BYTES),
            }
        )


def read_sheet(
    upload: UploadedFile | io.BytesIO, *, required: Sequence[str], optional: Sequence[str] = ()
) -> list[Row]:
    """The data rows of the first sheet, keyed by header. Raises ValidationError (in the user's
    language) for a file that is not .xlsx, one too large once unpacked or with too many rows or
    columns, an empty sheet, or missing required headers."""
    check_archive(upload)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from exc
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    # Columns past the limit are never read: a row of 16,384 cells costs nothing.
    rows = (
        sheet.iter_rows(values_only=True, max_col=settings.IMPORT_MAX_COLUMNS)
        if sheet is not None
        else iter(())
    )
    header = next(rows, None)
    if not header or not any(header):
        raise ValidationError(_("The sheet is empty: the first row must hold the column headers."))
    names = [str(h).strip() if h is not None else "" for h in header]
    missing = [h for h in required if h not in names]
    if missing:
        raise ValidationError(
            _("Missing columns: %(columns)s. Download the template to see the expected headers.")
            % {"columns": _(", ").join(missing)}
        )
    wanted = set(required) | set(optional)
    index = {name: i for i, name in enumerate(names) if name in wanted}
    result = []
    for number, values in enumerate(rows, start=2):
        if number > settings.IMPORT_MAX_ROWS + 1:
            workbook.close()
            raise ValidationError(
                _("The sheet has more than %(limit)s rows; split it into smaller files.")
                % {"limit": settings.IMPORT_MAX_ROWS}
            )
        if values is None or all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        row = {name: _clean(values[i]) if i < len(values) else None for name, i in index.items()}
        result.append(Row(number, row))
    workbook.close()
    return result


def _clean(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def write_sheet(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "Sheet1",
    text_columns: Sequence[int] = (),
) -> bytes:
    """An .xlsx with a bold, frozen header row and columns wide enough for Chinese text.

    ``text_columns`` (0-based) are formatted as text, the cells written and the column itself, so
    that what is typed there later stays text: an ID number typed into a number cell keeps only
    15 digits (130481198503121234 becomes 1.3048119850312e+17).
    """
    return write_workbook([(title, headers, rows)], text_columns=text_columns)


def write_workbook(
    sheets: Iterable[tuple[str, Sequence[Any], Iterable[Sequence[Any]]]], *, text_columns: Sequence[int] = ()
) -> bytes:
    """An .xlsx of several sheets, each ``(title, headers, rows)`` written as ``write_sheet``
    writes its one (titles cut to Excel's 31 characters and kept apart when two would clash)."""
    workbook = Workbook(write_only=False)
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for title, headers, rows in sheets:
        _fill(workbook.create_sheet(_sheet_title(str(title), taken)), headers, rows, text_columns)
    if not workbook.worksheets:
        workbook.create_sheet("Sheet1")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _sheet_title(title: str, taken: set[str]) -> str:
    # Excel refuses []:*?/\ in a sheet's name and names longer than 31 characters.
    clean = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31] or "Sheet"
    name, n = clean, 2
    while name.lower() in taken:
        name = f"{clean[:28]} {n}"
        n += 1
    taken.add(name.lower())
    return name


def _fill(
    sheet: Any, headers: Sequence[Any], rows: Iterable[Sequence[Any]], text_columns: Sequence[int]
) -> None:
    headers = [str(h) for h in headers]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F2F2F2")
    widths = [_width(h) for h in headers]
    for row in rows:
        row = [_safe(v) for v in row]
        sheet.append(row)
        widths = [max(w, _width(v)) for w, v in zip(widths, row, strict=False)] + widths[len(row) :]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    for i in text_columns:
        sheet.column_dimensions[get_column_letter(i + 1)].number_format = "@"
        for (cell,) in sheet.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
            cell.number_format = "@"
            cell.value = None if cell.value is None else str(cell.value)
    sheet.freeze_panes = "A2"


def _safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (=, +, -, @) is written as text; a moment is
    written in local time (a sheet has no time zones), a lazy translation as its text."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)  # a Chinese character is two columns wide


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@dataclass(frozen=True)
class Column:
    """A column of an exported list: its header and how to read a row's cell."""

    header: Any
    value: Callable[[Any], Any]


def export_response(
    *, title: str, columns: Sequence[Column], rows: Iterable[Any], filename: str
) -> HttpResponse:
    """The one exporter of lists and rankings: the rows a page shows, as an .xlsx with the page's
    columns (bold frozen header, widths for Chinese, formulas refused). A list view answers its
    ``?format=xlsx`` through ``lib.views.list_page``, which calls this, so that every list exports
    the same way."""
    headers = [str(column.header) for column in columns]
    cells = ([column.value(row) for column in columns] for row in rows)
    return xlsx_response(write_sheet(headers, cells, title=title), filename)


def wants_xlsx(request: Any) -> bool:
    """Whether a list page is asked for its rows as a spreadsheet (``?format=xlsx``)."""
    return request.GET.get("format") == "xlsx"


def xlsx_url(request: Any) -> str:
    """The page's own address with its filters, asking for the spreadsheet: what the "导出 Excel"
    button links to, so that the file holds the rows the page shows."""
    query = request.GET.copy()
    query.pop("page", None)  # the file holds every page of the list
    query["format"] = "xlsx"
    return "?" + query.urlencode()
