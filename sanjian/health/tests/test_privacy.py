"""Only medical roles read archives: pages, exports (the medical lead's) and the statistics
everyone may see; every read of an archive logged once, and the log shown to the lead."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scope

from sanjian.health.models import FollowUpPlan, HealthArchive, PlanStatus, Visit
from sanjian.health.services import plans as plan_services
from sanjian.tenancy.models import ReadVia
from sanjian.tenancy.selectors import reads_of, reads_of_kind

D = datetime.date


@pytest.fixture
def archive(med):
    return med.archive(
        "hypertension", opened_on=D(2024, 1, 1), name="李秀兰", allergies="青霉素过敏", medications="硝苯地平"
    )


def _pages(world, archive):
    return [
        world.url("health/"),
        world.url("health/archives/"),
        world.url(f"health/archives/{archive.pk}/"),
        world.url(f"health/archives/{archive.pk}/edit/"),
        world.url(f"health/archives/{archive.pk}/visit/"),
        world.url("health/visits/"),
        world.url("health/archives/new/"),
    ]


def _exports(world):
    return [
        world.url("health/archives.xlsx"),
        world.url("health/overdue.xlsx"),
        world.url("health/visits.xlsx"),
    ]


@pytest.mark.parametrize("who", ["secretary", "window_manager", "inspector", "company_admin"])
def test_roles_without_medical_care_are_refused_every_archive_page_and_export(med, archive, who):
    client = med.world.client(who)
    for url in _pages(med.world, archive) + _exports(med.world) + [med.world.url("health/reads/")]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "青霉素" not in response.content.decode()
    with scope(community=med.world.community.pk):
        assert not reads_of(archive).exists()


@pytest.mark.parametrize("who", ["outsider", "neighbour", "other_company_admin", "nobody"])
def test_an_outsider_gets_404_on_archive_pages_and_exports(med, archive, who):
    client = med.world.client(who)
    for url in _pages(med.world, archive) + _exports(med.world):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["secretary", "window_manager"])
def test_the_secretary_and_a_window_manager_see_counts_and_rates_only(med, archive, who):
    response = med.world.client(who).get(med.world.url("health/statistics/"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "李秀兰" not in page and "青霉素" not in page and archive.number not in page
    export = med.world.client(who).get(med.world.url("health/statistics.xlsx"))
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_opening_an_archive_logs_exactly_one_read(med, archive):
    client = med.world.client("medical")
    response = client.get(med.world.url(f"health/archives/{archive.pk}/"))
    assert response.status_code == 200 and "青霉素过敏" in response.content.decode()
    with scope(community=med.world.community.pk):
        reads = list(reads_of(archive))
        assert [(r.user, r.via) for r in reads] == [(med.doctor, ReadVia.PAGE)]
    client.get(med.world.url(f"health/archives/{archive.pk}/"))
    with scope(community=med.world.community.pk):
        assert reads_of(archive).count() == 2


def test_a_list_masks_phone_and_id_number_and_logs_no_read(med, archive):
    with scope(community=med.world.community.pk):
        person = archive.person
    person.phone = "13812345678"
    person.save()
    page = med.world.client("medical").get(med.world.url("health/archives/")).content.decode()
    assert "李秀兰" in page and "13812345678" not in page and "138****5678" in page
    assert person.id_number not in page and person.id_number[:6] + "********" in page
    with scope(community=med.world.community.pk):
        assert not reads_of(archive).exists()


def test_a_doctor_may_not_export_but_the_lead_may_and_each_archive_exported_is_logged(med, archive):
    other = med.archive("diabetes", opened_on=D(2024, 1, 1))
    assert med.world.client("medical").get(med.world.url("health/archives.xlsx")).status_code == 403
    response = med.world.client("medical_lead").get(med.world.url("health/archives.xlsx"))
    assert response.status_code == 200
    with scope(community=med.world.community.pk):
        exported = reads_of_kind(HealthArchive).filter(via=ReadVia.EXPORT)
        assert sorted(r.object_id for r in exported) == sorted([archive.pk, other.pk])
        assert {r.user for r in exported} == {med.lead}


def test_the_lead_sees_the_log_of_reads_and_a_doctor_does_not(med, archive):
    med.world.client("medical").get(med.world.url(f"health/archives/{archive.pk}/"))
    assert med.world.client("medical").get(med.world.url("health/reads/")).status_code == 403
    page = med.world.client("medical_lead").get(med.world.url("health/reads/")).content.decode()
    assert "李秀兰" in page and med.doctor.first_name in page


def test_a_doctor_lands_on_the_overdue_list_after_logging_in(med, archive):
    with scope(community=med.world.community.pk):
        plan_services.plans_generate(archive=archive, year=2024, actor=med.doctor)
    home = med.world.client("medical").get("/")
    assert home.status_code == 302 and home["Location"] == med.world.url("health/")
    page = med.world.client("medical").get(home["Location"]).content.decode()
    assert "李秀兰" in page and 'id="overdue"' in page
    assert med.world.client("secretary").get("/")["Location"] == med.world.url("/")


def test_recording_a_visit_on_the_form_shrinks_the_overdue_list(med, archive):
    with scope(community=med.world.community.pk):
        plan_services.plans_generate(archive=archive, year=2024, actor=med.doctor)
        before = FollowUpPlan.objects.filter(status=PlanStatus.OPEN, due_date__lt=D.today()).count()
    client = med.world.client("medical")
    form = client.get(med.world.url(f"health/archives/{archive.pk}/visit/"))
    assert form.status_code == 200
    data = {
        "date": D.today().isoformat(),
        "method": "home",
        "systolic": "138",
        "diastolic": "86",
        "outcome": "continue",
    }
    response = client.post(med.world.url(f"health/archives/{archive.pk}/visit/"), data)
    assert response.status_code == 302 and response["Location"] == med.world.url("health/")
    with scope(community=med.world.community.pk):
        after = FollowUpPlan.objects.filter(status=PlanStatus.OPEN, due_date__lt=D.today()).count()
        assert after < before
        assert Visit.objects.get().doctor == med.doctor
        assert reads_of(archive).count() == 1  # the form's page, not the redirect


def test_a_bad_visit_form_answers_400_in_chinese_and_writes_nothing(med, archive):
    client = med.world.client("medical")
    data = {
        "date": D.today().isoformat(),
        "method": "home",
        "systolic": "120",
        "diastolic": "130",
        "outcome": "continue",
    }
    response = client.post(
        med.world.url(f"health/archives/{archive.pk}/visit/"), data, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 400
    assert "舒张压须低于收缩压" in response.content.decode()
    with scope(community=med.world.community.pk):
        assert not Visit.objects.exists()
