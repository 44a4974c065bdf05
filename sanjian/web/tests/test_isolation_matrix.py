"""The isolation matrix: every route of the resolver and every operation of the OpenAPI schema,
opened on a real record of the demo's community A (阳邑) by anonymous, by the secretary of community
B (郭二庄, the demo's outsider) and by each role of A.

- B gets 404 on everything under /c/<A>/ and /api/v1/c/<A>/ (existence does not leak);
- anonymous is sent to log in (pages) or gets 401/403 (API), never data;
- each role of A gets the answer ``ROLE_TABLE`` documents: 200 for the roles named, a refusal
  (403, 404, 405) for the others;
- no refused answer carries A's people: their names, ID numbers and phone numbers;
- the API's writes, refused, write nothing (every table's row count is unchanged).

Routes are not listed by hand: a new URL without a line in ``ROLE_TABLE`` fails
``test_every_route_has_a_line_in_the_role_table``. The demo is loaded once per test worker and
module, inside a transaction rolled back when the module is done (no other test sees it).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.urls import resolve
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook, load_workbook
from PIL import Image

from sanjian.dedication.models import Project, ProjectPhoto
from sanjian.health.models import Condition, HealthArchive
from sanjian.lib.api import SchemaGenerator
from sanjian.lib.demo import DEMO_LOGINS
from sanjian.members import importer
from sanjian.members.models import ImportBatch, Meeting, MeetingAttachment, Person
from sanjian.org.models import Unit, UnitKind
from sanjian.reports.models import Download, DownloadStatus
from sanjian.service.models import Dish
from sanjian.service.views.canteen import dish_token
from sanjian.tenancy.models import Membership
from sanjian.testing.demo import Demo, demo  # noqa: F401
from sanjian.testing.members import make_id_number
from sanjian.testing.routes import Filled, Route, all_routes, fill, walk
from sanjian.windows.models import Deduction as WindowDeduction
from sanjian.windows.models import Inspection
from sanjian.windows.selectors import policy_for
from sanjian.windows.services.inspections import deduction_add
from sanjian.windows.tokens import board_token, window_token

A, B, COMPANY = "yangyi", "guoerzhuang", "hankuang"
#: the demo logins of community A, by the name the role table uses
ROLES = tuple(name for name in DEMO_LOGINS if name != "outsider")
EVERYONE = " ".join(ROLES)
#: every role given for a piece of work: all but the plain party member (``tenancy.roles.STAFF``)
STAFF = " ".join(name for name in ROLES if name != "member")

# fmt: off
#: route → who reads it (GET answers 200): roles of A, "anonymous", "outsider" (the secretary of
#: B). Everyone else is refused. A route that nobody reads by GET (a POST-only action) has "".
#: "office?" : the answer depends on the record (an office or a supervising unit reads the windows
#: linked to it only): 200 or a refusal, and a refusal shows nothing.
ROLE_TABLE: dict[str, str] = {
    "api-docs": "anonymous EVERYONE outsider",
    "assessment-entry-detail": "company secretary inspector",
    "assessment-entry-list": "STAFF",
    "assessment-letter-detail": "company secretary inspector",
    "assessment-letter-list": "STAFF",
    "assessment-period-detail": "STAFF",
    "assessment-period-list": "STAFF",
    "assessment-result-detail": "EVERYONE",
    "assessment-result-list": "EVERYONE",
    "assessment:adjustment_create": "company secretary",
    "assessment:appeal_create": "",
    "assessment:appeal_decide": "company secretary",
    "assessment:appeal_evidence": "",
    "assessment:cost_create": "company secretary",
    "assessment:cost_edit": "company secretary",
    "assessment:costs": "STAFF",
    "assessment:costs_import": "company secretary",
    "assessment:costs_template": "company secretary",
    "assessment:entry_create": "company secretary",
    "assessment:entry_evidence": "",
    "assessment:entry_withdraw": "",
    "assessment:indicator_create": "company secretary",
    "assessment:indicator_edit": "company secretary",
    "assessment:indicators": "company secretary",
    "assessment:letter": "company secretary inspector",
    "assessment:letter_docx": "company secretary inspector",
    "assessment:letter_edit": "company secretary",
    "assessment:letter_pdf": "company secretary inspector",
    "assessment:letter_people": "company secretary",
    "assessment:letter_sign": "",
    "assessment:period": "STAFF",
    "assessment:period_create": "company secretary",
    "assessment:period_reopen": "",
    "assessment:period_step": "",
    "assessment:periods": "STAFF",
    "assessment:policy": "company secretary",
    "assessment:published": "EVERYONE",
    "assessment:result": "EVERYONE",
    "assessment:result_pdf": "EVERYONE",
    "assessment:results": "EVERYONE",
    "assessment:results_xlsx": "EVERYONE",
    "assessment:template_edit": "company secretary",
    "assessment:trend": "EVERYONE",
    "assessment:warnings": "STAFF",
    "company": "company",
    "dedication-activity-check-in": "",
    "dedication-activity-check-out": "",
    "dedication-activity-detail": "EVERYONE",
    "dedication-activity-list": "EVERYONE",
    "dedication-activity-sign-up": "",
    "dedication-activity-withdraw": "",
    "dedication-hour-log-detail": "company secretary",
    "dedication-hour-log-list": "EVERYONE",
    "dedication-hour-log-reject": "",
    "dedication-hour-log-verify": "",
    "dedication-project-detail": "EVERYONE",
    "dedication-project-list": "EVERYONE",
    "dedication-totals-list": "EVERYONE",
    "dedication:activities": "EVERYONE",
    "dedication:activity": "EVERYONE",
    "dedication:activity_cancel": "company secretary window",
    "dedication:activity_create": "company secretary window",
    "dedication:activity_edit": "company secretary window",
    "dedication:benefit_create": "company secretary",
    "dedication:benefit_edit": "company secretary",
    "dedication:benefit_evidence": "",
    "dedication:board": "EVERYONE",
    "dedication:certificate": "company secretary",
    "dedication:certificate_pdf": "company secretary",
    "dedication:certificate_revoke": "company secretary",
    "dedication:certificate_verify": "anonymous EVERYONE outsider",
    "dedication:certificates": "EVERYONE",
    "dedication:checkin": "EVERYONE",
    "dedication:decide": "",
    "dedication:hours_export": "company secretary",
    "dedication:key_replace": "",
    "dedication:log_correct": "company secretary",
    "dedication:log_edit": "",
    "dedication:mark": "",
    "dedication:my_hours": "EVERYONE",
    "dedication:photo": "EVERYONE",
    "dedication:project": "EVERYONE",
    "dedication:project_create": "company secretary",
    "dedication:project_edit": "company secretary",
    "dedication:projects": "EVERYONE",
    "dedication:signup": "",
    "dedication:verify": "company secretary window",
    "dedication:withdraw": "",
    "dues-payment-detail": "company secretary",
    "dues-payment-list": "company secretary window",
    "health-archive-detail": "doctor medlead",
    "health-archive-list": "doctor medlead",
    "health-outreach-detail": "doctor medlead",
    "health-outreach-list": "doctor medlead",
    "health-plan-detail": "doctor medlead",
    "health-plan-list": "doctor medlead",
    "health-visit-detail": "doctor medlead",
    "health-visit-list": "doctor medlead",
    "health:archive": "doctor medlead",
    "health:archive_edit": "doctor medlead",
    "health:archive_export": "medlead",
    "health:archive_new": "doctor medlead",
    "health:archives": "doctor medlead",
    "health:import": "doctor medlead",
    "health:import_errors": "",
    "health:import_template": "doctor medlead",
    "health:outreach": "doctor medlead",
    "health:outreach_edit": "doctor medlead",
    "health:outreach_list": "doctor medlead",
    "health:outreach_new": "doctor medlead",
    "health:overdue": "doctor medlead",
    "health:overdue_export": "medlead",
    "health:reads": "medlead",
    "health:rule_edit": "medlead",
    "health:rules": "doctor medlead",
    "health:stats": "STAFF",
    "health:stats_export": "STAFF",
    "health:visit_export": "medlead",
    "health:visit_new": "doctor medlead",
    "health:visits": "doctor medlead",
    "healthz": "anonymous EVERYONE outsider",
    "home": "company",
    "inspection-detail": "company secretary inspector",
    "inspection-list": "company secretary office supervisor window inspector",
    "login": "anonymous",
    "logout": "",
    "meeting-detail": "company secretary",
    "meeting-list": "company secretary office supervisor window",
    "members:branch": "company secretary",
    "members:chain": "company secretary office supervisor window",
    "members:dues": "company secretary office supervisor window",
    "members:dues_base": "company secretary",
    "members:dues_pay": "company secretary",
    "members:dues_statement": "company secretary",
    "members:export": "company secretary",
    "members:import": "company secretary",
    "members:import_confirm": "",
    "members:import_errors": "company secretary",
    "members:import_start": "company secretary",
    "members:import_template": "company secretary",
    "members:me": "company inspector doctor medlead",
    "members:meeting": "company secretary office? supervisor?",
    "members:meeting_create": "company secretary window",
    "members:meeting_edit": "company secretary",
    "members:meeting_file": "company secretary office? supervisor?",
    "members:meeting_members": "",
    "members:meetings": "company secretary office supervisor window",
    "members:party_edit": "company secretary",
    "members:people": "company secretary office supervisor window",
    "members:person": "company secretary",
    "members:person_create": "company secretary",
    "members:person_data": "secretary",
    "members:person_data_export": "",
    "members:person_edit": "company secretary",
    "members:person_photo": "",
    "members:person_search": "company secretary office supervisor window",
    "members:transfer": "company secretary window",
    "members:transfer_approve": "",
    "members:transfer_create": "company secretary",
    "members:transfer_reject": "",
    "members:transfers": "company secretary office supervisor window",
    "my_home": "EVERYONE",
    "org:document": "EVERYONE",
    "org:document_create": "company secretary",
    "org:document_delete": "company secretary",
    "org:document_edit": "company secretary",
    "org:document_file": "",
    "org:documents": "EVERYONE",
    "org:linkage": "company secretary",
    "org:standard_item_create": "company secretary",
    "org:standard_item_delete": "company secretary",
    "org:standard_item_edit": "company secretary",
    "org:standard_items": "company secretary",
    "org:standard_toggle": "",
    "org:standards": "STAFF",
    "org:tree": "STAFF",
    "org:unit": "STAFF",
    "org:unit_contact": "company secretary office supervisor window",
    "org:unit_create": "company secretary",
    "org:unit_delete": "company secretary",
    "org:unit_edit": "company secretary",
    "org:windows": "STAFF",
    "party-member-detail": "company secretary",
    "party-member-list": "company secretary office supervisor window",
    "person-detail": "company secretary",
    "person-list": "company secretary office supervisor window",
    "platform": "EVERYONE",
    "ranking-list": "EVERYONE",
    "rating-detail": "company secretary inspector",
    "rating-list": "company secretary office supervisor window inspector",
    "reports:dashboard": "company secretary office supervisor window inspector doctor medlead",
    "reports:dashboard_xlsx": "",
    "reports:download_file": "secretary",
    "reports:download_start": "",
    "reports:downloads": "EVERYONE",
    "reports:hall": "anonymous EVERYONE outsider",
    "reports:honour_delete": "company secretary",
    "reports:honour_edit": "company secretary",
    "reports:honour_evidence": "",
    "reports:honour_new": "company secretary",
    "reports:honours": "EVERYONE",
    "reports:monthly_notice": "company secretary window",
    "reports:notices": "company secretary window",
    "reports:results_notice": "company secretary window",
    "reports:summary": "company secretary window",
    "reports:summary_download": "company secretary window",
    "reports:summary_edit": "company secretary",
    "reports:summary_reset": "",
    "schema": "anonymous EVERYONE outsider",
    "service-banquet-guests-detail": "STAFF",
    "service-banquet-guests-list": "STAFF",
    "service-banquets-detail": "STAFF",
    "service-banquets-list": "STAFF",
    "service-buildings-detail": "STAFF",
    "service-buildings-list": "STAFF",
    "service-cleaning-areas-detail": "STAFF",
    "service-cleaning-areas-list": "STAFF",
    "service-cleaning-shifts-detail": "STAFF",
    "service-cleaning-shifts-list": "STAFF",
    "service-competition-detail": "STAFF",
    "service-competition-list": "STAFF",
    "service-dishes-detail": "STAFF",
    "service-dishes-list": "STAFF",
    "service-floor-duties-detail": "STAFF",
    "service-floor-duties-list": "STAFF",
    "service-floors-detail": "STAFF",
    "service-floors-list": "STAFF",
    "service-inspection-detail": "STAFF",
    "service-inspection-list": "STAFF",
    "service-production-record-detail": "STAFF",
    "service-production-record-list": "STAFF",
    "service-request-detail": "STAFF",
    "service-request-list": "STAFF",
    "service-rooms-detail": "STAFF",
    "service-rooms-list": "STAFF",
    "service-sheet-items-detail": "STAFF",
    "service-sheet-items-list": "STAFF",
    "service-sheets-detail": "STAFF",
    "service-sheets-list": "STAFF",
    "service-standings-detail": "STAFF",
    "service-standings-list": "STAFF",
    "service-stays-detail": "STAFF",
    "service-stays-list": "STAFF",
    "service-themed-months-detail": "STAFF",
    "service-themed-months-list": "STAFF",
    "service:area": "STAFF",
    "service:area_create": "company secretary supervisor",
    "service:area_edit": "company secretary supervisor",
    "service:areas": "STAFF",
    "service:banquet": "STAFF",
    "service:banquets": "STAFF",
    "service:birthdays": "STAFF",
    "service:building": "STAFF",
    "service:building_create": "company secretary supervisor",
    "service:building_edit": "company secretary supervisor",
    "service:buildings": "STAFF",
    "service:check_out": "company secretary supervisor",
    "service:competition": "EVERYONE",
    "service:competition_create": "company secretary supervisor",
    "service:competition_step": "",
    "service:complaint_verify": "company secretary supervisor",
    "service:dish": "STAFF",
    "service:dish_create": "company secretary supervisor",
    "service:dish_edit": "company secretary supervisor",
    "service:dish_photo": "",
    "service:dish_rate": "anonymous EVERYONE outsider",
    "service:dishes": "STAFF",
    "service:duties": "STAFF",
    "service:duty_assign": "company secretary supervisor",
    "service:entrant_add": "",
    "service:flags": "EVERYONE",
    "service:floor_create": "company secretary supervisor",
    "service:hero_banquet": "company secretary supervisor",
    "service:inspect": "company secretary supervisor inspector",
    "service:inspection": "STAFF",
    "service:inspections": "STAFF",
    "service:notice": "EVERYONE",
    "service:record_add": "company secretary supervisor",
    "service:records": "STAFF",
    "service:records_import": "company secretary supervisor",
    "service:request": "STAFF",
    "service:request_call_back": "company secretary supervisor",
    "service:request_create": "company secretary supervisor",
    "service:request_resolve": "company secretary supervisor",
    "service:requests": "STAFF",
    "service:room": "STAFF",
    "service:room_assign": "company secretary supervisor",
    "service:room_create": "company secretary supervisor",
    "service:room_edit": "company secretary supervisor",
    "service:shift_add": "company secretary supervisor",
    "service:theme_create": "company secretary supervisor",
    "service:theme_edit": "company secretary supervisor",
    "service_company:competition": "company",
    "service_company:competition_create": "company",
    "service_company:competition_step": "",
    "service_company:competitions": "company",
    "service_company:entrant_add": "company",
    "service_company:notice": "",
    "set_language": "",
    "ticket-detail": "company secretary inspector",
    "ticket-list": "company secretary office supervisor window inspector",
    "unit-detail": "STAFF",
    "unit-list": "STAFF",
    "windows:appeal_decide": "",
    "windows:appeal_file": "company secretary office? supervisor?",
    "windows:benchmark_create": "company secretary",
    "windows:benchmark_revoke": "",
    "windows:benchmarks": "EVERYONE",
    "windows:board": "anonymous EVERYONE outsider",
    "windows:board_link_revoke": "",
    "windows:board_rows": "anonymous EVERYONE outsider",
    "windows:criterion_create": "company secretary",
    "windows:criterion_delete": "company secretary",
    "windows:criterion_edit": "company secretary",
    "windows:deduction_add": "",
    "windows:deduction_delete": "",
    "windows:deduction_photo": "",
    "windows:exemptions": "company secretary supervisor?",
    "windows:inspection": "company secretary inspector",
    "windows:inspection_correct": "company secretary inspector",
    "windows:inspection_create": "company secretary supervisor inspector",
    "windows:inspection_delete": "company secretary inspector",
    "windows:inspection_submit": "",
    "windows:inspections": "company secretary office supervisor window inspector",
    "windows:poster_pdf": "company secretary office? supervisor?",
    "windows:poster_png": "company secretary office? supervisor?",
    "windows:posters_pdf": "company secretary office supervisor window",
    "windows:public_window": "anonymous EVERYONE outsider",
    "windows:qr_revoke": "",
    "windows:ranking": "EVERYONE",
    "windows:ranking_xlsx": "EVERYONE",
    "windows:rate": "anonymous EVERYONE outsider",
    "windows:settings": "company secretary",
    "windows:standard": "EVERYONE",
    "windows:standard_create": "company secretary",
    "windows:standard_edit": "company secretary",
    "windows:standards": "EVERYONE",
    "windows:thanks": "anonymous EVERYONE outsider",
    "windows:ticket": "company secretary inspector office? supervisor?",
    "windows:ticket_callback": "",
    "windows:ticket_close": "",
    "windows:ticket_rectify": "company secretary office? supervisor?",
    "windows:ticket_reopen": "",
    "windows:tickets": "company secretary office supervisor window inspector",
    "windows:veto": "",
    "windows:window": "EVERYONE",
    "windows_company:ranking": "company",
}
# fmt: on


def _a_branch(community: Any) -> Unit:
    with scopes_disabled():
        return Unit.objects.filter(community=community, kind=UnitKind.BRANCH, is_active=True).first()


def _draft_inspection(community: Any) -> Inspection:
    with scopes_disabled():
        return Inspection.objects.filter(window__community=community, status="draft").first()


def _window_token(community: Any) -> str:
    with scopes_disabled():
        return window_token(Unit.objects.filter(community=community, kind=UnitKind.WINDOW).first())


def _board_token(community: Any) -> str:
    with scope(community=community):
        return board_token(community, policy_for(community).board_version)


def _dish_token(community: Any) -> str:
    with scopes_disabled():
        return dish_token(Dish.objects.filter(community=community).first())


#: values for the path parameters that are not records, when no link of the demo shows one, and
#: for the records a view looks up by more than their id
CHOICES: dict[str, Any] = {
    "fmt": "pdf",
    "table": "units",
    "section": "party",
    "kind": "room",
    "month": "2026-11",
    "step": "close",
    "branch_pk": _a_branch,
    # a deduction is added to a draft only
    "windows:deduction_add.pk": _draft_inspection,
    "windows:veto.pk": _draft_inspection,
    # signed links (QR codes, the hall's board): no row holds them, the view checks a signature
    "windows:thanks.token": _window_token,
    "windows:board.token": _board_token,
    "windows:board_rows.token": _board_token,
    "service:dish_rate.token": _dish_token,
}
#: the files and records the demo does not make, made in the matrix's fixture (``_records_the_demo_lacks``),
#: found again by these marks so that the routes run on them and not on an id no row holds
MARK = "矩阵测试"


def _marked_import(community: Any) -> ImportBatch:
    with scopes_disabled():
        return ImportBatch.objects.get(community=community, filename=f"{MARK}.xlsx")


def _marked_deduction(community: Any) -> WindowDeduction:
    with scopes_disabled():
        return WindowDeduction.objects.get(community=community, reason=MARK)


CHOICES |= {
    "members:import.pk": _marked_import,
    "members:import_confirm.pk": _marked_import,
    "members:import_errors.pk": _marked_import,
    "windows:deduction_delete.pk": _draft_inspection,
    "windows:deduction_delete.deduction_pk": _marked_deduction,
}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(out, "PNG")
    return out.getvalue()


def _roster(community: Any) -> bytes:
    """A roster with a row that is right and one that repeats a person of A with a wrong ID
    number: the checked batch's rows and errors name A's people."""
    with scopes_disabled():
        known = Person.objects.filter(community=community).order_by("pk").first()
    names = importer.headers()
    book = Workbook()
    book.active.append(list(names.values()))
    rows = [{"name": "矩阵新人", "gender": "男", "id_number": make_id_number()}]
    rows.append({"name": known.name, "gender": "女", "id_number": "12345", "phone": known.phone})
    for row in rows:
        book.active.append([row.get(key) for key in names])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _records_the_demo_lacks(demo: Demo) -> None:  # noqa: F811 (the fixture's type)
    """A roster import checked (with errors naming A's people), a file on a branch meeting, a
    photo of a dedication project, a document ready in the secretary's downloads, and a
    deduction on a draft inspection: each made the way the platform makes it, by A's secretary
    or inspector, so the routes that open them are tested on real rows of A."""
    community, secretary = demo.community, demo.users["secretary"]
    upload = SimpleUploadedFile(f"{MARK}.xlsx", _roster(community))
    response = demo.client("secretary").post(f"/c/{A}/members/import/", {"file": upload})
    assert response.status_code == 302, response.status_code
    with scope(community=community.pk):
        meeting = Meeting.objects.order_by("pk").first()
        MeetingAttachment.objects.create(
            community=community,
            meeting=meeting,
            title=MARK,
            file=ContentFile(b"%PDF-1.4 minutes", "minutes.pdf"),
        )
        project = Project.objects.order_by("pk").first()
        ProjectPhoto.objects.create(
            community=community, project=project, caption=MARK, image=ContentFile(_png(), "photo.png")
        )
        Download.objects.create(
            community=community,
            kind="summary",
            title=MARK,
            status=DownloadStatus.READY,
            file=ContentFile(b"PK summary", "summary.docx"),
            created_by=secretary,
        )
        line = _draft_inspection(community).lines.filter(applicable=True, is_veto=False).first()
        deduction_add(line=line, points=Decimal("0.5"), reason=MARK, actor=demo.users["inspector"])


def _expand(entry: str) -> set[str]:
    """Who reads: the callers named, "EVERYONE" standing for every role of A, "STAFF" for all but the
    plain party member."""
    return set(entry.replace("EVERYONE", EVERYONE).replace("STAFF", STAFF).split())


ROUTES = {route.name: route for route in all_routes()}
#: the routes of the demo the secretary reaches by no link: the roster import the fixture makes
#: is reached by its upload form, the verification page of a volunteer's log by a form
UNLINKED = {"members:import", "dedication:decide"}
#: a refusal: sent elsewhere, unauthorised, forbidden, not found, or no such method
REFUSED = {302, 401, 403, 404, 405}
UNSAFE = ("post", "put", "patch", "delete")


def _schema_operations() -> list[tuple[str, str]]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [(path, method) for path, item in schema["paths"].items() for method in item if method in UNSAFE]


OPERATIONS = _schema_operations()


@dataclass
class Matrix:
    """The demo loaded, a client per caller, the strings of community A's people, and the URLs."""

    community: Any
    clients: dict[str, Client]
    walked: dict[str, str]
    walk_errors: list[str]
    #: caller → the strings of A's people that must not appear in an answer refused to them
    secrets: dict[str, list[bytes]]
    filled: dict[str, Filled] = field(default_factory=dict)

    def url(self, route: Route) -> Filled:
        """A real URL of ``route`` on community A: the one the secretary's walk followed, or one
        made from the demo's rows by ``fill``."""
        if route.name in self.walked:
            return Filled(self.walked[route.name], {})
        if route.name not in self.filled:
            tenant = A if route.in_community else COMPANY
            order = [self.clients[who] for who in ("secretary", "company", *ROLES)]
            self.filled[route.name] = fill(route, tenant, self.community, order, CHOICES)
        return self.filled[route.name]


def _secrets(community: Any) -> dict[str, list[bytes]]:
    with scopes_disabled():
        people = list(
            Person.objects.filter(community=community).values_list(
                "user__username", "name", "id_number", "phone"
            )
        )
        staff = Membership.objects.filter(community=community).values_list(
            "user__username", "user__first_name"
        )
        everyone = [(who, *texts) for who, *texts in people] + list(staff)
    callers = [*ROLES, "outsider", "anonymous"]
    return {
        caller: sorted(
            {t.encode() for who, *texts in everyone if who != caller for t in texts if t and len(t) >= 2}
        )
        for caller in callers
    }


@pytest.fixture(scope="module")
def matrix(demo: Demo) -> Matrix:  # noqa: F811 (the fixture imported above)
    """A client per caller (made once: their sessions live in the module's transaction), and the
    URLs the secretary's walk follows."""
    _records_the_demo_lacks(demo)
    clients = {"anonymous": demo.client(None)} | {who: demo.client(who) for who in (*ROLES, "outsider")}
    walked, errors = walk(clients["secretary"], f"/c/{A}/")
    return Matrix(demo.community, clients, walked, errors, _secrets(demo.community))


def _body(response: HttpResponse) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _expected_refusal(route: Route, who: str) -> set[int]:
    if route.in_community and not route.public and who == "outsider":
        return {404}
    if route.in_community and not route.public and who == "anonymous":
        return {401, 403} if route.is_api else {302}
    return REFUSED


def _answer_problems(matrix: Matrix, route: Route, url: str, who: str, readers: set[str]) -> list[str]:
    response = matrix.clients[who].get(url)
    status = response.status_code
    if who in readers or (f"{who}?" in readers and status == 200):
        return [] if status == 200 else [f"{who}: {status}, the role table says 200"]
    problems = []
    expected = _expected_refusal(route, who)
    if status not in expected:
        problems.append(f"{who}: {status}, expected a refusal {sorted(expected)}")
    login = response.get("Location", "").startswith("/accounts/login/?next=")
    if who == "anonymous" and status == 302 and route.in_community and not route.public and not login:
        problems.append(f"anonymous sent to {response['Location']}, not to log in")
    body = _body(response)
    leaked = [s.decode() for s in matrix.secrets[who] if s in body]
    if leaked:
        problems.append(f"{who}: the refusal shows A's people: {leaked[:5]}")
    if who in ("outsider", "anonymous"):
        head = matrix.clients[who].head(url)
        if head.status_code != status or _body(head):
            problems.append(f"{who}: HEAD {head.status_code} with a body, GET {status}")
    return problems


def test_every_route_has_a_line_in_the_role_table():
    missing = sorted(set(ROUTES) - set(ROLE_TABLE))
    stale = sorted(set(ROLE_TABLE) - set(ROUTES))
    assert not missing, f"add these routes to ROLE_TABLE in {__file__} (who may read them): {missing}"
    assert not stale, f"these routes are gone: remove them from ROLE_TABLE: {stale}"


def test_every_operation_of_the_schema_is_a_route_of_the_table():
    for path, method in OPERATIONS:
        name = resolve(re.sub(r"\{\w+\}", "1", path.replace("{community_slug}", A))).view_name
        assert name in ROLE_TABLE, f"{method.upper()} {path} ({name})"


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_each_caller_gets_the_answer_the_role_table_documents(matrix, db, name):
    route = ROUTES[name]
    filled = matrix.url(route)
    assert filled.url, f"{name}: no real URL on the demo's rows: {filled.reason}"
    readers = _expand(ROLE_TABLE.get(name, ""))
    problems = []
    for who in matrix.clients:
        problems += _answer_problems(matrix, route, filled.url, who, readers)
    assert not problems, f"{filled.url}: " + "; ".join(problems)


def _row_counts() -> dict[str, int]:
    tables = [t for t in connection.introspection.table_names() if t != "django_session"]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        return dict(zip(tables, cursor.fetchone(), strict=True))


def _readers_of_records(route: Route) -> set[str]:
    """Who reads the records an API route acts on: the readers of its viewset's list and detail
    (an action such as check-in has no GET of its own)."""
    cls = getattr(route.callback, "cls", None)
    twins = [r for r in ROUTES.values() if getattr(r.callback, "cls", None) is cls]
    readers = set()
    for twin in twins:
        if twin.name.endswith(("-list", "-detail")):
            readers |= _expand(ROLE_TABLE.get(twin.name, ""))
    return readers


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_a_refused_write_through_the_api_writes_nothing(matrix, db, path, method):
    name = resolve(re.sub(r"\{\w+\}", "1", path.replace("{community_slug}", A))).view_name
    route = ROUTES[name]
    filled = matrix.url(route)
    assert filled.url, f"{name}: no real URL on the demo's rows: {filled.reason}"
    refused = [who for who in matrix.clients if who not in _readers_of_records(route)]
    before = _row_counts()
    problems = []
    for who in refused:
        response = getattr(matrix.clients[who], method)(filled.url, data={}, content_type="application/json")
        expected = {404} if who == "outsider" else {401, 403} if who == "anonymous" else {403, 404, 405}
        if response.status_code not in expected:
            problems.append(f"{who}: {response.status_code}, expected {sorted(expected)}")
        leaked = [s.decode() for s in matrix.secrets[who] if s in _body(response)]
        if leaked:
            problems.append(f"{who}: the refusal shows A's people: {leaked[:5]}")
    after = _row_counts()
    written = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    assert not problems and not written, f"{method.upper()} {filled.url}: {problems} rows: {written}"


def test_the_secretary_reaches_a_page_of_every_detail_route_by_a_link_without_an_error(matrix):
    """Each detail page is opened on a record the demo made (bulk loads, records without history),
    not only on a factory's."""
    assert matrix.walk_errors == []
    demo_apps = ("org", "members", "assessment", "windows", "dedication")
    details = {
        r.name
        for r in ROUTES.values()
        if r.pattern.endswith("<int:pk>/") and r.in_community and r.name.split(":")[0] in demo_apps
    }
    assert "members:meeting" in matrix.walked
    assert details - UNLINKED <= set(matrix.walked), sorted(details - UNLINKED - set(matrix.walked))


def test_no_login_of_the_demo_opens_the_back_office(matrix, db):
    for who, client in matrix.clients.items():
        response = client.get("/admin/")
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), who


def _text_of(response: HttpResponse) -> str:
    body = _body(response)
    if not response["Content-Type"].startswith("application/vnd.openxml"):
        return body.decode()
    book = load_workbook(io.BytesIO(body), read_only=True)
    return "\n".join(
        str(v)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for v in row
        if v is not None
    )


def test_health_statistics_show_the_staff_totals_and_no_person(matrix, db):
    """Every staff role of A (a plain party member is not one) reads the health statistics (page
    and export): counts, rates and the
    doctors' on-time rates (staff figures), and nothing of the demo's residents with an archive:
    not their names, ID numbers, phones or archive numbers, nor what their archive says."""
    with scopes_disabled():
        archives = list(HealthArchive.objects.filter(community=matrix.community).select_related("person"))
        staff = {a.person.name for a in archives if a.person.user_id is not None}
        # a condition's name is shown with its count of archives (a total), never beside a person
        conditions = set(Condition.objects.values_list("name", flat=True))
    fields = ("number", "allergies", "past_history", "medications", "note")
    personal = {a.person.name for a in archives} - staff
    personal |= {
        v for a in archives for v in (a.person.id_number, a.person.phone, *map(a.__getattribute__, fields))
    }
    personal = {v for v in personal if v and len(v) >= 2 and v not in conditions}
    assert len(archives) >= 100 and len(personal) >= 300
    for route in ("health:stats", "health:stats_export"):
        assert matrix.clients["member"].get(ROUTES[route].url(A)).status_code == 403
        for who in STAFF.split():
            response = matrix.clients[who].get(ROUTES[route].url(A) + "?year=2026")
            assert response.status_code == 200, (route, who)
            text = _text_of(response)
            assert re.search(r"\d", text), (route, who)
            shown = sorted(v for v in personal if v in text)
            assert not shown, f"{route} shows {who} a resident's data: {shown[:5]}"
