"""The shared helpers: working days, money, masking, QR codes, PDF and Excel."""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
import tracemalloc
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from sanjian.lib.excel import read_sheet, write_sheet
from sanjian.lib.masking import mask_id_number, mask_phone
from sanjian.lib.money import rate, yuan
from sanjian.lib.pdf import render_pdf
from sanjian.lib.qr import qr_png, qr_svg
from sanjian.lib.workdays import add_workdays, is_workday, workdays_between

D = datetime.date


def test_the_national_day_holiday_is_not_worked_and_its_makeup_saturday_is():
    assert not is_workday(D(2026, 10, 1))
    assert is_workday(D(2026, 9, 30))
    assert is_workday(D(2026, 2, 28))  # a Saturday worked in exchange for the Spring Festival
    assert not is_workday(D(2026, 11, 28))  # an ordinary Saturday


def test_five_working_days_skip_a_weekend():
    assert add_workdays(D(2026, 11, 20), 5) == D(2026, 11, 27)  # Friday → next Friday
    assert add_workdays(D(2026, 11, 20), 0) == D(2026, 11, 20)


def test_five_working_days_skip_the_golden_week():
    assert add_workdays(D(2026, 9, 29), 5) == D(2026, 10, 12)


def test_years_the_calendar_does_not_know_fall_back_to_monday_to_friday():
    assert add_workdays(D(2031, 1, 3), 1) == D(2031, 1, 6)


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2028, 12, 31)), st.integers(min_value=0, max_value=30))
def test_adding_n_working_days_spans_exactly_n_working_days(start, n):
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    assert n == 0 or is_workday(end)


def test_money_rounds_half_up_to_the_fen_and_refuses_floats():
    assert yuan("12.345") == Decimal("12.35")
    assert yuan(Decimal("-0.005")) == Decimal("-0.01")
    with pytest.raises(TypeError):
        yuan(0.1)
    assert rate(1, 3) == Decimal("0.3333")
    assert rate(1, 0) is None


def test_masking_hides_the_middle():
    assert mask_id_number("13048119800101123X") == "130481********123X"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("12") == "**"
    assert mask_phone("5212345") == "*****45"  # a short number is never shown whole
    assert mask_id_number("12345678") == "******78"


def test_qr_codes_come_as_svg_and_png():
    svg = qr_svg("https://sanjian.example/c/yangyi/w/abc")
    assert svg.startswith("<svg") and "</svg>" in svg
    assert qr_png("x")[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_pdf_renders_chinese_text(tmp_path):
    try:
        import weasyprint  # noqa: F401 - needs Pango from the system
    except OSError:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("Pango is not installed (Debian: libpango-1.0-0); CI installs it")
    pdf = render_pdf("lib/tests/sample.html", {"title": "阳邑社区工作总结"})
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    (tmp_path / "out.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "out.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "阳邑社区工作总结" in text


def _xlsx(rows) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    out.seek(0)
    return out


def test_a_sheet_is_read_by_header_whatever_the_column_order():
    rows = read_sheet(
        _xlsx([["电话", "姓名"], ["138", " 张三 "], [None, None], ["139", "李四"]]),
        required=["姓名"],
        optional=["电话"],
    )
    assert [(r.number, r.values) for r in rows] == [
        (2, {"姓名": "张三", "电话": "138"}),
        (4, {"姓名": "李四", "电话": "139"}),
    ]


def test_a_file_that_is_not_a_workbook_is_refused_in_chinese(settings):
    with pytest.raises(ValidationError, match="不是 Excel"):
        read_sheet(io.BytesIO(b"name,phone\n"), required=["姓名"])


def test_an_empty_sheet_and_missing_headers_are_refused():
    with pytest.raises(ValidationError, match="工作表是空的"):
        read_sheet(_xlsx([]), required=["姓名"])
    with pytest.raises(ValidationError, match="缺少列：姓名、身份证号"):
        read_sheet(_xlsx([["电话"], ["1"]]), required=["姓名", "身份证号"])


def test_text_that_looks_like_a_formula_is_written_as_text():
    content = write_sheet(["备注"], [['=HYPERLINK("http://x")'], ["-5"]])
    cells = [row[0] for row in load_workbook(io.BytesIO(content)).active.iter_rows(min_row=2)]
    assert [c.data_type for c in cells] == ["s", "s"]
    assert cells[0].value.startswith("'=")


def test_a_written_sheet_reads_back():
    content = write_sheet(["姓名", "工时"], [["张三", Decimal("12.5")], ["李四", 3]], title="工时")
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "工时"
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["姓名", "工时"],
        ["张三", 12.5],
        ["李四", 3],
    ]
    assert sheet.freeze_panes == "A2"


def _bomb(unpacked_mb: int) -> io.BytesIO:
    """A workbook whose sheet unpacks to ``unpacked_mb`` MB of rows but packs to about a thousandth."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        base = _xlsx([["姓名"], ["张三"]])
        with zipfile.ZipFile(base) as small:
            for item in small.infolist():
                if item.filename != "xl/worksheets/sheet1.xml":
                    archive.writestr(item, small.read(item))
        row = b"<row><c t='inlineStr'><is><t>" + b"x" * 1000 + b"</t></is></c></row>"
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b"<?xml version='1.0'?><worksheet xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main'><sheetData>"
            )
            for _ in range(unpacked_mb * 1024):
                sheet.write(row)
            sheet.write(b"</sheetData></worksheet>")
    out.seek(0)
    return out


def test_a_zip_bomb_is_refused_before_it_unpacks_and_memory_stays_small(settings):
    settings.UPLOAD_MAX_UNPACKED_BYTES = 20 * 1024 * 1024
    bomb = _bomb(60)
    assert len(bomb.getvalue()) < 1024 * 1024  # a small upload…
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError, match="解压"):
            read_sheet(bomb, required=["姓名"])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5 * 1024 * 1024  # …refused without unpacking its 60 MB


def test_rows_and_columns_past_the_limits_are_refused_or_never_read(settings):
    settings.IMPORT_MAX_ROWS = 3
    with pytest.raises(ValidationError, match="3"):
        read_sheet(_xlsx([["姓名"], ["a"], ["b"], ["c"], ["d"]]), required=["姓名"])
    assert len(read_sheet(_xlsx([["姓名"], ["a"], ["b"], ["c"]]), required=["姓名"])) == 3
    settings.IMPORT_MAX_COLUMNS = 2
    rows = read_sheet(
        _xlsx([["姓名", "电话", "住址"], ["a", "1", "远方"]]), required=["姓名"], optional=["住址"]
    )
    assert rows[0].values == {"姓名": "a"}  # the third column is beyond the limit: never read
