"""The demo's January–October summary of 阳邑社区: each figure against a query of its own, the
report's statements, and the Word file as LibreOffice opens it."""

from __future__ import annotations

import io
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal

import docx
import pytest
from django.apps import apps
from django.db.models import Count, Q, Sum
from django_scopes import scope
from docx.oxml.ns import qn

from sanjian.assessment.models import Alert, Period, PeriodKind, PeriodStatus
from sanjian.dedication.models import BenefitEntry, HourLog, LogStatus, Project, ProjectKind
from sanjian.lib.dates import Month
from sanjian.members.models import Meeting, PartyMember
from sanjian.org.models import Unit, UnitKind
from sanjian.reports import documents, notices, phrases
from sanjian.windows.models import Inspection, InspectionStatus, Rating, Ticket, TicketStatus


def report_months() -> tuple:
    """January–October on the day these lines were written (5 December 2026); on any other day
    the ten whole months ending with the month before last, which the demo is built around."""
    last = Month.current().plus(-2)
    return last.plus(-9).start, last.end


@pytest.fixture(scope="module")
def summary(demo, django_db_blocker):
    start, end = report_months()
    with django_db_blocker.unblock():
        return documents.summary_document(demo.community, start, end)


def _text(summary) -> str:
    return "\n".join(block.text for block in summary.blocks)


def _grouped(value) -> str:
    return f"{value:,}"


@pytest.mark.django_db
def test_every_figure_matches_a_query_of_its_own(yangyi, summary):
    start, end = summary.start, summary.end
    text = _text(summary)
    with scope(community=yangyi.pk):
        verified = HourLog.objects.filter(status=LogStatus.VERIFIED, worked_on__range=(start, end))
        cadre = verified.filter(branch__isnull=False).aggregate(m=Sum("minutes"))["m"]
        hours = verified.aggregate(m=Sum("minutes"))["m"]
        benefit = BenefitEntry.objects.filter(occurred_on__range=(start, end)).aggregate(s=Sum("amount"))["s"]
        running = Project.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=start), starts_on__lte=end)
        ratings = Rating.objects.filter(day__range=(start, end), excluded=False)
        expected = {
            "org.branches": Unit.objects.filter(kind=UnitKind.BRANCH, is_active=True).count(),
            "members.party_members": PartyMember.objects.filter(
                is_active=True, status__in=("probationary", "full")
            ).count(),
            "members.meetings": Meeting.objects.filter(held_on__range=(start, end)).count(),
            "assessment.periods": Period.objects.filter(
                kind=PeriodKind.MONTH,
                status__in=(PeriodStatus.PUBLISHED, PeriodStatus.FINAL),
                start__gte=start,
                end__lte=end,
            ).count(),
            "windows.windows": Unit.objects.filter(kind=UnitKind.WINDOW, is_active=True).count(),
            "windows.ratings": ratings.count(),
            "windows.inspections": Inspection.objects.filter(
                status=InspectionStatus.SUBMITTED, inspected_on__range=(start, end)
            ).count(),
            "windows.tickets": Ticket.objects.filter(opened_on__range=(start, end))
            .exclude(status=TicketStatus.WITHDRAWN)
            .count(),
            "dedication.dedication_projects": running.filter(kind=ProjectKind.DEDICATION).count(),
            "dedication.double_hundred_projects": running.filter(kind=ProjectKind.DOUBLE_HUNDRED).count(),
        }
        alerts = Alert.objects.filter(
            period__start__gte=start, period__end__lte=end, period__kind="month"
        ).count()
        satisfaction = Decimal(ratings.filter(level__gte=4).count() * 100) / ratings.count()
    for address, value in expected.items():
        assert summary.figures.get(address) == value, address
        assert _grouped(value) in text, address
    assert summary.figures.get("assessment.alerts") == alerts
    tenth = Decimal("0.1")
    cadre_hours = (Decimal(cadre) / 60).quantize(tenth, rounding=ROUND_HALF_UP)
    assert summary.figures.get("dedication.cadre_hours") == cadre_hours
    assert f"{cadre_hours:,.1f}".removesuffix(".0") + "小时" in text
    assert abs(summary.figures.get("dedication.hours") - Decimal(hours) / 60) <= Decimal("0.05")
    assert f"{summary.figures.get('dedication.hours'):,.1f}".removesuffix(".0") + "小时" in text
    assert summary.figures.get("dedication.benefit") == benefit
    assert f"{benefit:,.0f}元" in text
    assert f"满意率{satisfaction:.1f}%" in text


@pytest.mark.django_db
def test_the_summary_states_the_report_figures(summary):
    text = _text(summary)
    assert summary.title == f"阳邑社区党总支{phrases.period(summary.start, summary.end)}工作总结"
    assert "建成为民服务标杆窗口22个" in text
    assert "开展党员奉献工程6个、“双百”奉献活动项目8个" in text
    assert summary.figures.get("dedication.cadre_hours") > 2000
    assert summary.figures.get("dedication.benefit") > 50_000
    for heading in ("一、搭建目标考核平台", "二、搭建创先争优平台", "三、搭建文明服务平台"):
        assert heading in text
    assert "荣获省级文明社区" in text
    if apps.is_installed("sanjian.service"):  # the red flags won from January to October
        flags = summary.figures.get("service.flags_won")
        assert flags and f"荣获公司优质服务流动红旗{flags}次" in text
    archives = summary.figures.get("health.archives")
    if archives:  # health's demo, once it has one: the report's "more than 400"
        assert archives > 400 and f"建立居民健康档案{archives:,}份" in text


@pytest.mark.django_db
def test_libreoffice_opens_the_word_file(summary, tmp_path):
    if shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice is not installed (CI installs libreoffice-writer-nogui)")
    source = tmp_path / "summary.docx"
    source.write_bytes(documents.as_docx(summary))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(source.read_bytes())).paragraphs]
    assert paragraphs[0] == summary.title
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = (tmp_path / "summary.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 5_000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(tmp_path / "summary.pdf"), "-"], capture_output=True, text=True
        ).stdout
        text = "".join(text.split())  # pdftotext spaces Chinese from figures and breaks lines
        assert "工作总结" in text and "标杆窗口22个" in text


@pytest.mark.django_db
def test_the_results_notice_has_one_table_per_kind_with_repeated_headers(yangyi):
    with scope(community=yangyi.pk):
        period = Period.objects.filter(status__in=(PeriodStatus.PUBLISHED, PeriodStatus.FINAL)).order_by(
            "-start"
        )[0]
        results = dict(period.results.values_list("unit_kind").annotate(n=Count("pk")).order_by())
    notice = notices.results_notice(yangyi, period)
    document = docx.Document(io.BytesIO(notices.as_docx(notice)))
    assert sorted(len(t.rows) - 1 for t in document.tables) == sorted(results.values())
    for table in document.tables:
        assert [c.text for c in table.rows[0].cells] == ["排名", "单位", "得分", "变化"]
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    section = document.sections[0]
    assert section.page_width < section.page_height  # A4 portrait
    assert notice.title.startswith("关于") and notice.title.endswith("目标考核结果的通报")


@pytest.mark.django_db
def test_the_monthly_notice_ranks_the_windows(yangyi):
    month = Month.current().previous()
    notice = notices.monthly_notice(yangyi, month)
    ranking = notice.tables[0]
    assert ranking.rows and ranking.rows[0][0] == "1"
    assert notices.as_pdf(notice).startswith(b"%PDF")
