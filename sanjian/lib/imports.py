"""What every spreadsheet import shares: columns with Chinese headers, a template, rows read as
text, row errors (row, column, reason) and the error report.

An importer (``members.importer``, ``health.importer``) declares its ``ImportColumn`` list and
owns its row rules; this module reads the sheet (through ``lib.excel.read_sheet``, which bounds
the upload), turns every cell into text, and reports errors the same way everywhere: counts by
column first, the first ``ERRORS_SHOWN`` on the page, every one as an .xlsx. The headers are the
Chinese ones whatever the interface language, so that one template serves everyone.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from sanjian.lib.excel import read_sheet, write_sheet

#: The error report lists this many errors on the page; the full list is an .xlsx download.
ERRORS_SHOWN = 100
#: A row whose ``<key>`` cell came as a number carries ``<key>`` + this flag (see ``read_rows``).
AS_NUMBER = "_was_a_number"


#: Items of a list typed in one cell or box: the enumeration comma (U+3001), commas, semicolons
#: and slashes, half- or full-width, and new lines (code points: Chinese stays in catalogues).
LIST_SEPARATORS = re.compile("[" + "".join(map(chr, (0x3001, 0xFF0C, 0xFF1B, 0xFF0F))) + r",;/\n]+")


def split_list(text: str, *, spaces: bool = False) -> list[str]:
    """The items of ``text`` (高血压、2型糖尿病 → two), stripped, empty ones dropped, each once;
    ``spaces`` also splits at spaces (numbers, never names)."""
    parts = LIST_SEPARATORS.split(text)
    if spaces:
        parts = [word for part in parts for word in part.split()]
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


@dataclass(frozen=True)
class ImportColumn:
    key: str
    label: Any  # lazy: the header, in Chinese on every sheet
    required: bool = False
    example: Any = ""


def import_headers(columns: Sequence[ImportColumn]) -> dict[str, str]:
    """Column key → its Chinese header."""
    with translation.override("zh-hans"):
        return {c.key: str(c.label) for c in columns}


def import_template(columns: Sequence[ImportColumn], *, title: str, text_keys: Sequence[str] = ()) -> bytes:
    """An empty sheet with every header and one example row; the ``text_keys`` columns are
    formatted as text, so that an 18-digit ID number typed there keeps its digits."""
    names = import_headers(columns)
    with translation.override("zh-hans"):
        example = [str(c.example) for c in columns]
    text = [i for i, c in enumerate(columns) if c.key in text_keys]
    return write_sheet(list(names.values()), [example], title=title, text_columns=text)


def read_rows(
    upload: Any, columns: Sequence[ImportColumn], *, text_keys: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The sheet's rows as {"row": n, key: text, …}; dates as ISO text, whole numbers as digits.
    A ``text_keys`` cell that came as a number (a spreadsheet keeps only 15 of its digits) marks
    the row with ``key + AS_NUMBER``: the importer says so instead of reporting a wrong number."""
    names = import_headers(columns)
    required = [names[c.key] for c in columns if c.required]
    optional = [names[c.key] for c in columns if not c.required]
    by_header = {v: k for k, v in names.items()}
    rows = []
    for row in read_sheet(upload, required=required, optional=optional):
        values = {by_header[h]: cell_text(v) for h, v in row.values.items()}
        numeric = {
            key + AS_NUMBER: "1"
            for key in text_keys
            if key in names and isinstance(row.values.get(names[key]), int | float)
        }
        rows.append({"row": row.number, **{k: v for k, v in values.items() if v}, **numeric})
    return rows


def cell_text(value: Any) -> str:
    """A cell as the text a person would read in it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(text: str) -> datetime.date:
    """2020-01-31, 2020/1/31, 2020.1.31 or the Chinese way with year, month and day characters;
    ValueError otherwise."""
    parts = re.findall(r"\d+", text.replace(" 00:00:00", ""))
    if len(parts) != 3 or len(parts[0]) != 4 or re.search(r"[A-Za-z]", text):
        raise ValueError
    return datetime.date(*(int(p) for p in parts))


def choice_codes(choices: Sequence[tuple[str, Any]]) -> dict[str, str]:
    """Label (Chinese and English) or code → code: what a sheet may write for a choice."""
    found = {}
    for code, label in choices:
        found[code] = code
        for language in ("zh-hans", "en"):
            with translation.override(language):
                found[str(label)] = code
    return found


def choice_labels(choices: Sequence[tuple[str, Any]]) -> str:
    """The labels of ``choices`` for an error message ("write it as …")."""
    return _(", ").join(str(label) for code, label in choices if code)


def id_number_as_number(value: str) -> str:
    """The message for an ID number that came as a number: its last digits are lost for good."""
    return _(
        "The ID number was stored as a number (%(value)s) and the spreadsheet kept only its "
        "first 15 digits. Format the ID number column as text, type the numbers again (or "
        "copy them from the original), and upload the file again; the template's column is "
        "already text."
    ) % {"value": value}


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def errors_sorted(errors: Iterable[RowError]) -> list[RowError]:
    """The errors once each, by row: a row checked twice does not report twice."""
    unique = {(e.row, e.column, e.message): e for e in errors}
    return sorted(unique.values(), key=lambda e: e.row)


def error_counts(errors: Sequence[dict[str, Any]]) -> list[tuple[str, int]]:
    """How many errors each column has, most first: what to fix first in a long report."""
    return Counter(e["column"] for e in errors).most_common()


def errors_xlsx(errors: Sequence[dict[str, Any]]) -> bytes:
    """Every error (row, column, problem) as an .xlsx, in the user's language."""
    rows = [[e["row"], e["column"], e["message"]] for e in errors]
    return write_sheet([_("Row"), _("Column"), _("Problem")], rows, title=_("Errors"))
