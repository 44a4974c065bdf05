"""The dashboard's headline figures, their change and links, the company comparison, the
public hall board, background documents and the one Excel exporter."""

from __future__ import annotations

import io
import re

from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from sanjian.reports.models import Download, Honour, HonourLevel

QUERY = "?from=2026-01&to=2026-10"


def test_the_dashboard_shows_each_platform_with_links_to_the_records(world):
    page = world.client("secretary").get(world.url("" + QUERY)).content.decode()
    assert 'data-platform="organisation"' in page
    assert re.search(r'data-figure="org.branches_meeting"\s+href="/c/dongfeng/org/standards/"', page)
    assert 'data-figure="windows.ratings"' in page


def test_a_change_from_the_period_before_is_shown(world):
    """Branches are counted as they stand: the same in both periods, so the change is ±0."""
    page = world.client("secretary").get(world.url("" + QUERY)).content.decode()
    tile = page.split('data-figure="org.branches_meeting"')[1].split("</a>")[0]
    assert "±0" in tile


def test_the_headline_figures_export_to_excel_with_the_same_values(world):
    response = world.client("secretary").get(world.url("reports/export/figures.xlsx" + QUERY))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "平台" and rows[0][4] == "变化"
    page = world.client("secretary").get(world.url("" + QUERY)).content.decode()
    tiles = [part.split("</a>")[0] for part in page.split('data-figure="')[1:]]
    pattern = r'sj-figure">([^<]*)</div><div class="text-secondary small">([^<]*)</div>'
    shown = [re.search(pattern, tile).groups() for tile in tiles]
    assert sorted((label, value) for value, label in shown) == sorted((r[1], r[2]) for r in rows[1:])


def test_an_unknown_table_is_404_and_outsiders_see_nothing(world):
    assert world.client("secretary").get(world.url("reports/export/nothing.xlsx")).status_code == 404
    assert world.client("outsider").get(world.url("reports/export/figures.xlsx")).status_code == 404
    assert world.client("outsider").get(world.url("")).status_code == 404


def test_the_company_dashboard_compares_its_communities(world):
    page = world.client("company_admin").get(f"/company/{world.company.slug}/" + QUERY).content.decode()
    assert 'data-table="comparison"' in page
    assert "东风社区" in page and "红旗社区" in page and "远方社区" not in page
    assert world.client("outsider").get(f"/company/{world.company.slug}/").status_code == 404


def test_the_hall_board_opens_without_login_and_shows_no_personal_data(world):
    with scopes_disabled():
        from sanjian.members.models import Person

        person = Person.objects.create(
            community=world.community,
            name="李秀英",
            gender="female",
            id_number="130402197001011234",
            phone="13912345678",
        )
        Honour.objects.create(
            community=world.community,
            title="优秀共产党员",
            level=HonourLevel.COMPANY,
            awarding_body="集团党委",
            awarded_on=__import__("datetime").date.today(),
            person=person,
        )
    response = world.client(None).get(world.url("hall/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "优秀共产党员" in page and "李秀英" in page  # the name of an honoured member, no more
    assert "130402197001011234" not in page and "13912345678" not in page
    assert not re.search(r"\d{17}[\dXx]", page)  # no ID number of anyone
    assert not re.search(r"1[3-9]\d{9}", page)  # no mobile phone number
    for term in ("高血压", "糖尿病", "健康档案", "随访", "病"):
        assert term not in page


def test_the_hall_board_refuses_writes(world):
    assert world.client(None).post(world.url("hall/")).status_code == 405


def test_a_pdf_is_made_in_the_background_and_waits_in_my_downloads(world, django_capture_on_commit_callbacks):
    client = world.client("secretary")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            world.url("reports/downloads/new/"),
            {"kind": "summary", "from": "2026-01", "to": "2026-10", "format": "pdf", "title": "总结.pdf"},
        )
    assert response.status_code == 302
    with scope(community=world.community.pk):
        download = Download.objects.get()
    assert download.status == "ready" and download.progress == 100
    page = client.get(world.url("reports/downloads/")).content.decode()
    assert "总结.pdf" in page
    file = client.get(world.url(f"reports/downloads/{download.pk}/file"))
    assert b"".join(file.streaming_content).startswith(b"%PDF")
    # another user of the community does not see it, an outsider gets 404
    assert (
        world.client("inspector").get(world.url(f"reports/downloads/{download.pk}/file")).status_code == 404
    )
    assert world.client("outsider").get(world.url(f"reports/downloads/{download.pk}/file")).status_code == 404


def test_a_download_of_an_unknown_kind_or_a_foreign_period_is_refused(world):
    client = world.client("secretary")
    assert client.post(world.url("reports/downloads/new/"), {"kind": "passwords"}).status_code == 404
    assert (
        client.post(
            world.url("reports/downloads/new/"), {"kind": "results_notice", "period": "999"}
        ).status_code
        == 404
    )
    with scope(community=world.community.pk):
        assert not Download.objects.exists()
