"""Every list and ranking answers ``?format=xlsx`` through the one exporter (``lib.views.list_page``):
on the demo, the file opens with openpyxl, its headers are Chinese, it holds as many rows as the
page lists, the page links to it, and another community's secretary gets 404."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

import openpyxl
import pytest
from django.apps import apps
from django.urls import reverse
from django_scopes import scope

from sanjian.lib.dates import Month
from sanjian.lib.excel import XLSX
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.models import Community

CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Listed:
    """A list page: its url name and query, and where the page shows its rows: the body rows of
    its tables (``tables``: their ids or positions; all when empty), the paginator's count, or
    for a page of cards the number of times ``marker`` opens a card."""

    name: str
    query: str | Callable[[Community], str] = ""
    tables: tuple[str | int, ...] = ()
    marker: str = ""
    paginated: bool = False
    company: bool = False
    who: str = "secretary"
    first: str = ""  # the list of one record: the label of the model whose first row it is

    def __str__(self) -> str:
        return self.name if callable(self.query) or not self.query else f"{self.name}?{self.query}"


def _first_branch(community: Community) -> int:
    with scope(community=community.pk):
        return Unit.objects.filter(kind=UnitKind.BRANCH).order_by("sort_order", "name")[0].pk


LISTS = [
    Listed("org:windows"),
    Listed("org:documents", "all=1"),
    Listed("org:standards"),
    Listed("members:meetings"),
    Listed("members:dues", lambda community: f"branch={_first_branch(community)}"),
    Listed("members:transfers"),
    Listed("assessment:periods"),
    Listed("assessment:warnings", tables=(0,)),
    Listed("windows:ranking"),
    Listed("windows:benchmarks"),
    Listed("windows:inspections", paginated=True),
    Listed("windows:tickets", paginated=True),
    Listed("windows_company:ranking", company=True, who="company"),
    Listed("dedication:projects", marker='<div class="card h-100">'),
    Listed("dedication:activities", "when=past", paginated=True),
    Listed(
        "dedication:board",
        lambda _c: f"month={Month.current().previous()}",
        ("board-people", "board-branches"),
    ),
    Listed("service:buildings"),
    Listed("service:duties"),
    Listed("service:inspections"),
    Listed("service:areas", marker='<section class="mb-3">'),
    Listed("service:requests"),
    Listed("service:dishes"),
    Listed("service:records"),
    Listed("service:banquets"),
    Listed("service:birthdays"),
    Listed("service:competition", tables=(0,), first="service.Competition"),
    Listed("reports:honours"),
    Listed("health:outreach_list", lambda _c: f"month={Month.current().previous()}", who="doctor"),
]


class _Tables(HTMLParser):
    """The body rows of every table of a page: (table id, [cells of each row, colspan seen])."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[bool]]]] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "table":
            self.tables.append((attributes.get("id") or "", []))
        elif tag == "tbody":
            self.in_body = True
        elif tag == "tr" and self.in_body:
            self.tables[-1][1].append([])
        elif tag in ("td", "th") and self.in_body and self.tables[-1][1]:
            self.tables[-1][1][-1].append("colspan" in attributes)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False


def page_rows(html: str, tables: tuple[str | int, ...]) -> int:
    parser = _Tables()
    parser.feed(html)
    chosen = [
        rows
        for index, (table_id, rows) in enumerate(parser.tables)
        if not tables or index in tables or table_id in tables
    ]
    # A row of one cell spanning the table is the "nothing yet" line, not a record.
    return sum(1 for rows in chosen for cells in rows if cells != [True])


def _url(listed: Listed, community: Community) -> str:
    args: list = [community.company.slug if listed.company else community.slug]
    if listed.first:
        with scope(community=community.pk):
            args.append(apps.get_model(listed.first).objects.order_by("pk").values_list("pk", flat=True)[0])
    query = listed.query(community) if callable(listed.query) else listed.query
    return reverse(listed.name, args=args) + (f"?{query}" if query else "")


def _with_xlsx(url: str) -> str:
    return url + ("&" if "?" in url else "?") + "format=xlsx"


@pytest.mark.django_db
@pytest.mark.parametrize("listed", LISTS, ids=str)
def test_the_list_exports_the_rows_it_shows(demo, listed):
    client = demo.client(listed.who)
    url = _url(listed, demo.community)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "data-export" in html, "the page shows no 导出 Excel button"
    assert "导出 Excel" in html
    if listed.paginated:
        shown = page.context["page"].paginator.count
    elif listed.marker:
        shown = html.count(listed.marker)
    else:
        shown = page_rows(html, listed.tables)

    response = client.get(_with_xlsx(url))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert all(CJK.search(str(cell)) for cell in header), header
    assert len(rows) == shown
    assert shown > 0, "the demo should give the list some rows to compare"


@pytest.mark.django_db
@pytest.mark.parametrize("listed", LISTS, ids=str)
def test_an_outsider_gets_404(demo, listed):
    response = demo.client("outsider").get(_with_xlsx(_url(listed, demo.community)))
    assert response.status_code == 404
