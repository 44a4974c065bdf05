"""Spreadsheets for import tests, built in code."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from sanjian.members.importer import headers
from sanjian.testing.members import make_id_number

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx(
    rows: Sequence[dict], *, columns: Sequence[str] | None = None, name: str = "roster.xlsx"
) -> SimpleUploadedFile:
    """An upload whose rows are given by column key (``importer.COLUMNS``); headers in Chinese."""
    names = headers()
    keys = list(columns or names)
    book = Workbook()
    sheet = book.active
    sheet.append([names[k] for k in keys])
    for row in rows:
        sheet.append([row.get(k) for k in keys])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type=XLSX)


def person_row(name: str, **extra: object) -> dict:
    return {"name": name, "gender": "男", "id_number": make_id_number(), **extra}


def member_row(name: str, branch: str, **extra: object) -> dict:
    values = {
        "branch": branch,
        "status": "正式党员",
        "joined_on": "2010-07-01",
        "full_on": "2011-07-01",
        **extra,
    }
    return person_row(name, **values)
