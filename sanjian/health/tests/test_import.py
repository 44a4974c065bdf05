"""The import of existing archives: every row good and all opened with history, or nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scope, scopes_disabled
from openpyxl import Workbook, load_workbook

from sanjian.health import importer
from sanjian.health.models import FollowUpPlan, HealthArchive
from sanjian.testing.members import PersonFactory

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def sheet(rows: list[dict], *, numeric_id: bool = False) -> SimpleUploadedFile:
    names = importer.headers()
    book = Workbook()
    ws = book.active
    ws.append(list(names.values()))
    for row in rows:
        values = [row.get(k) for k in names]
        if numeric_id:
            values[0] = int(values[0])
        ws.append(values)
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("archives.xlsx", out.getvalue(), content_type=XLSX)


@pytest.fixture
def people(med):
    with scopes_disabled():
        return [PersonFactory(community=med.world.community) for _ in range(3)]


def post(med, upload, who="medical", client=None):
    client = client or med.world.client(who)
    return client.post(med.world.url("health/archives/import/"), {"file": upload})


def counts(med) -> tuple[int, int]:
    with scope(community=med.world.community.pk):
        return HealthArchive.objects.count(), HealthArchive.history.count()


def test_a_good_file_opens_every_archive_with_history_and_plans(med, people):
    rows = [
        {
            "id_number": people[0].id_number,
            "name": people[0].name,
            "number": "A-001",
            "blood_type": "A型",
            "conditions": "高血压、2型糖尿病",
            "allergies": "青霉素",
            "medications": "氨氯地平 5 mg",
            "doctor": med.doctor.get_full_name() or med.doctor.username,
            "opened_on": "2024/3/1",
        },
        {"id_number": people[1].id_number, "conditions": "尘肺病"},
        {"id_number": people[2].id_number},
    ]
    response = post(med, sheet(rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    with scope(community=med.world.community.pk):
        first = HealthArchive.objects.get(person=people[0])
        assert (first.number, first.blood_type, first.allergies, first.doctor) == (
            "A-001",
            "A",
            "青霉素",
            med.doctor,
        )
        assert sorted(d.condition.code for d in first.diagnoses.all()) == ["diabetes", "hypertension"]
        assert FollowUpPlan.objects.filter(archive=first).exists()
        assert HealthArchive.objects.get(person=people[1]).diagnoses.get().condition.code == "pneumoconiosis"
        numbered = HealthArchive.objects.exclude(number="A-001").values_list("number", flat=True)
        assert len(set(numbered)) == 2
        for archive in HealthArchive.objects.all():
            assert archive.history.filter(history_type="+", history_user=med.doctor).count() == 1


def test_a_file_with_bad_rows_opens_nothing_and_names_each_row_and_column(med, people):
    before = counts(med)
    rows = [
        {"id_number": people[0].id_number, "conditions": "高血压"},  # good, but not imported
        {"id_number": people[1].id_number, "conditions": "头痛", "blood_type": "Z"},
        {"id_number": "130481199001011230"},  # a bad check digit
        {"id_number": people[0].id_number},  # twice in the file
        {"id_number": people[2].id_number, "doctor": "没有这个人", "opened_on": "明天"},
    ]
    client = med.world.client("medical")
    response = post(med, sheet(rows), client=client)
    assert response.status_code == 400
    page = response.content.decode()
    assert counts(med) == before
    for text in ("头痛", "血型", "慢性病", "责任医生", "建档日期", "身份证号", "各列错误数"):
        assert text in page, text
    errors = client.get(med.world.url("health/archives/import/errors.xlsx"))
    found = list(load_workbook(io.BytesIO(errors.content)).active.iter_rows(min_row=2, values_only=True))
    assert {r[0] for r in found} == {3, 4, 5, 6}
    assert {(r[0], r[1]) for r in found} >= {
        (3, "慢性病"),
        (3, "血型"),
        (4, "身份证号"),
        (5, "身份证号"),
        (6, "责任医生"),
        (6, "建档日期"),
    }


def test_an_id_column_stored_as_numbers_gets_the_clear_message(med, people):
    response = post(med, sheet([{"id_number": "130481199001011237"}], numeric_id=True))
    assert response.status_code == 400
    assert "表格只保留了前 15 位" in response.content.decode()
    assert counts(med)[0] == 0


def test_a_person_outside_the_people_archive_or_with_an_archive_is_refused(med, people):
    med.archive("hypertension")  # someone else
    with scopes_disabled():
        elsewhere = PersonFactory(community=med.world.other_community)
    existing = med.archive()
    rows = [{"id_number": elsewhere.id_number}, {"id_number": existing.person.id_number}]
    before = counts(med)
    assert post(med, sheet(rows)).status_code == 400
    assert counts(med) == before


def test_the_template_has_every_header_and_a_text_id_column(med):
    response = med.world.client("medical").get(med.world.url("health/archives/import/template.xlsx"))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == list(importer.headers().values())
    assert ws["A2"].number_format == "@" and ws.column_dimensions["A"].number_format == "@"


def test_a_secretary_is_refused(med, people):
    response = post(med, sheet([{"id_number": people[0].id_number}]), who="secretary")
    assert response.status_code == 403 and counts(med)[0] == 0


@pytest.mark.parametrize("who", ["outsider", "neighbour"])
def test_an_outsider_gets_404(med, people, who):
    client = med.world.client(who)
    for url in (
        "health/archives/import/",
        "health/archives/import/template.xlsx",
        "health/archives/import/errors.xlsx",
    ):
        assert client.get(med.world.url(url)).status_code == 404
    assert post(med, sheet([{"id_number": people[0].id_number}]), who=who).status_code == 404
    assert counts(med)[0] == 0
