"""The health API: medical roles only, writes through the services, reads logged."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scope
from rest_framework.test import APIClient

from sanjian.health.models import FollowUpPlan, HealthArchive, PlanKind, Visit
from sanjian.tenancy.models import ReadVia
from sanjian.tenancy.selectors import reads_of, reads_of_kind

D = datetime.date


def _api(world, who):
    client = APIClient()
    client.force_authenticate(world.users[who])
    return client


def _url(world, path):
    return f"/api/v1/c/{world.community.slug}/health/{path}"


@pytest.fixture
def archive(med):
    return med.archive("hypertension", opened_on=D(2024, 1, 1), allergies="青霉素过敏")


@pytest.mark.parametrize("who", ["secretary", "window_manager"])
def test_other_roles_are_refused_the_archives_plans_visits_and_outreach(med, archive, who):
    for path in ("archives/", f"archives/{archive.pk}/", "plans/", "visits/", "outreach/"):
        assert _api(med.world, who).get(_url(med.world, path)).status_code == 403, path
    with scope(community=med.world.community.pk):
        assert not reads_of(archive).exists()


def test_an_outsider_gets_404(med, archive):
    assert _api(med.world, "outsider").get(_url(med.world, f"archives/{archive.pk}/")).status_code == 404


def test_reading_an_archive_logs_one_read_through_the_interface(med, archive):
    response = _api(med.world, "medical").get(_url(med.world, f"archives/{archive.pk}/"))
    assert response.status_code == 200 and response.json()["allergies"] == "青霉素过敏"
    assert response.json()["conditions"] == ["hypertension"]
    listing = _api(med.world, "medical").get(_url(med.world, "archives/"))
    assert listing.json()["results"][0]["id_number_masked"].count("*") == 8
    with scope(community=med.world.community.pk):
        assert [r.via for r in reads_of(archive)] == [ReadVia.API, ReadVia.API]


def test_a_visit_through_the_interface_follows_the_14_day_rule(med, archive):
    data = {
        "archive": archive.pk,
        "date": "2025-03-03",
        "method": "home",
        "systolic": 150,
        "diastolic": 95,
        "medication_changed": True,
        "medications": "氨氯地平 5mg",
    }
    response = _api(med.world, "medical").post(_url(med.world, "visits/"), data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["next_date"] == "2025-03-17"
    with scope(community=med.world.community.pk):
        assert FollowUpPlan.objects.filter(kind=PlanKind.URGENT, due_date=D(2025, 3, 17)).exists()
    late = {**data, "date": "2025-03-04", "next_date": "2025-04-30"}
    refused = _api(med.world, "medical").post(
        _url(med.world, "visits/"), late, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert refused.status_code == 400 and "14" in str(refused.json()["next_date"])
    with scope(community=med.world.community.pk):
        assert Visit.objects.count() == 1


def test_an_archive_is_opened_through_the_interface(med):
    from django_scopes import scopes_disabled

    from sanjian.testing.members import PersonFactory

    with scopes_disabled():
        person = PersonFactory(community=med.world.community, name="赵大山")
    data = {"person": person.pk, "condition_codes": ["diabetes"], "blood_type": "O"}
    response = _api(med.world, "medical").post(_url(med.world, "archives/"), data, format="json")
    assert response.status_code == 201, response.content
    with scope(community=med.world.community.pk):
        archive = HealthArchive.objects.get(person=person)
        assert archive.history.get().history_user == med.doctor
        assert [d.condition.code for d in archive.diagnoses.all()] == ["diabetes"]
    again = _api(med.world, "medical").post(_url(med.world, "archives/"), data, format="json")
    assert again.status_code == 400


def test_outreach_links_the_archives_served(med, archive):
    data = {
        "kind": "delivery",
        "title": "送药到宿舍",
        "date": "2025-04-01",
        "place": "单身公寓3号楼",
        "staff": "王医生、李护士",
        "people_served": 12,
        "served_archives": [archive.pk],
    }
    response = _api(med.world, "medical").post(_url(med.world, "outreach/"), data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["served"] == [archive.pk]
    too_few = {**data, "people_served": 0}
    assert (
        _api(med.world, "medical").post(_url(med.world, "outreach/"), too_few, format="json").status_code
        == 400
    )


def test_the_schema_lists_the_health_endpoints(med):
    schema = med.world.client("medical").get("/api/schema/").content.decode()
    for path in ("/health/archives/", "/health/plans/", "/health/visits/", "/health/outreach/"):
        assert path in schema
    with scope(community=med.world.community.pk):
        assert not reads_of_kind(HealthArchive).exists()


def test_outreach_is_changed_by_patch_and_bad_input_changes_nothing(med, archive):
    api = _api(med.world, "medical")
    data = {"kind": "talk", "title": "讲座", "date": "2025-04-01", "place": "活动室", "staff": "王医生"}
    event = api.post(_url(med.world, "outreach/"), {**data, "people_served": 30}, format="json").json()
    url = _url(med.world, f"outreach/{event['id']}/")
    changed = api.patch(url, {"people_served": 5, "served_archives": [archive.pk]}, format="json")
    assert changed.status_code == 200 and changed.json()["served"] == [archive.pk]
    assert api.patch(url, {"people_served": 0}, format="json").status_code == 400
    assert api.patch(url, {"kind": "party"}, format="json").status_code == 400
    again = api.get(url).json()
    assert (again["people_served"], again["kind"], again["served"]) == (5, "talk", [archive.pk])
    assert _api(med.world, "outsider").patch(url, {"people_served": 9}, format="json").status_code == 404
