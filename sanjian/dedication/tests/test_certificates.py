"""Volunteer service certificates (志愿服务证明): what they state, their serials, refusals,
revoking, the PDF, and the public verification page that shows no more than the paper."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled

from sanjian.dedication.models import Certificate
from sanjian.dedication.services import hours
from sanjian.dedication.services.certificates import SERIAL_ALPHABET, certificate_issue, certificate_revoke
from sanjian.dedication.tests.conftest import at, make_activity
from sanjian.lib.masking import mask_id_number


@pytest.fixture(autouse=True)
def english():
    """The rules' messages are matched in their source language here; the Chinese catalogue is
    checked by the i18n tests."""
    with translation.override("en"):
        yield


@pytest.fixture
def give(world, ded):
    """Write a log of a person for the fixture's activity (or another), verified by the secretary."""

    def write(person, start, end, *, activity=None, verified=True):
        with scope(community=world.community.pk):
            return hours.log_create(
                community=world.community,
                person=person,
                activity=activity or ded.activity,
                started_at=start,
                ended_at=end,
                actor=world.secretary,
                verified=verified,
            )

    return write


@pytest.fixture
def member(ded, give):
    """党员0 with a phone on record, four verified hours yesterday and two pending hours."""
    person = ded.crew.members[0].person
    with scopes_disabled():
        person.phone = "13912345678"
        person.save()
    give(person, at(ded.yesterday, 8), at(ded.yesterday, 12))
    second = make_activity(
        person.community,
        ded.crew.organiser.person,
        at(ded.yesterday, 14),
        at(ded.yesterday, 17),
        title="整理图书",
    )
    give(person, at(ded.yesterday, 14), at(ded.yesterday, 16), activity=second, verified=False)
    return person


def issue(world, person, start=None, end=None):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with scope(community=world.community.pk):
        return certificate_issue(
            community=world.community,
            person=person,
            period_start=start or yesterday - datetime.timedelta(days=30),
            period_end=end or yesterday,
            actor=world.secretary,
        )


def test_a_certificate_states_only_the_verified_hours_of_the_period(world, ded, member):
    certificate = issue(world, member)
    assert certificate.holder_name == "党员0"
    assert certificate.holder_id_masked == mask_id_number(member.id_number) != member.id_number
    assert certificate.minutes == 240  # the two pending hours do not count
    assert certificate.activities == [
        {"title": "清扫楼道", "date": ded.yesterday.isoformat(), "hours": "4.0"}
    ]
    assert certificate.issued_on == timezone.localdate()
    assert certificate.issued_by == world.secretary and certificate.community == world.community


def test_hours_outside_the_period_are_left_out(world, ded, member):
    with pytest.raises(Exception, match="no verified hours"):
        issue(
            world,
            member,
            ded.yesterday - datetime.timedelta(days=30),
            ded.yesterday - datetime.timedelta(days=1),
        )


def test_the_serial_names_community_year_and_a_running_number(world, ded, member):
    first, second = issue(world, member), issue(world, member)
    year = timezone.localdate().year
    pattern = rf"DONGFENG-{year}-(\d{{5}})-[{SERIAL_ALPHABET}]{{4}}"
    assert re.fullmatch(pattern, first.serial) and re.fullmatch(pattern, second.serial)
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.serial.split("-")[2] == "00001" and second.serial.split("-")[2] == "00002"


@pytest.mark.parametrize(
    "case, message",
    [
        ("nothing_verified", "no verified hours"),
        ("future", "cannot end in the future"),
        ("backwards", "ends after it starts"),
    ],
)
def test_refused_periods_write_nothing(world, ded, member, case, message):
    today = timezone.localdate()
    start, end = {
        "nothing_verified": (today - datetime.timedelta(days=400), today - datetime.timedelta(days=300)),
        "future": (ded.yesterday, today + datetime.timedelta(days=1)),
        "backwards": (ded.yesterday, ded.yesterday - datetime.timedelta(days=1)),
    }[case]
    with pytest.raises(Exception, match=message):
        issue(world, member, start, end)
    with scopes_disabled():
        assert not Certificate.objects.exists()


def test_a_person_with_only_pending_hours_gets_no_certificate(world, ded, give):
    person = ded.crew.members[1].person
    give(person, at(ded.yesterday, 8), at(ded.yesterday, 10), verified=False)
    with pytest.raises(Exception, match="no verified hours"):
        issue(world, person)


def test_revoking_needs_a_reason_and_is_recorded(world, ded, member):
    certificate = issue(world, member)
    with scope(community=world.community.pk):
        with pytest.raises(Exception, match="Say why"):
            certificate_revoke(certificate=certificate, reason="  ", actor=world.secretary)
        certificate.refresh_from_db()
        assert not certificate.is_revoked
        certificate_revoke(certificate=certificate, reason="时长录入有误", actor=world.secretary)
        certificate.refresh_from_db()
        assert certificate.is_revoked and certificate.revoke_reason == "时长录入有误"
        latest = certificate.history.first()
        assert latest.history_user == world.secretary and latest.history_change_reason == "时长录入有误"
        with pytest.raises(Exception, match="already been revoked"):
            certificate_revoke(certificate=certificate, reason="again", actor=world.secretary)


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_serials(world, ded, member):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        # Threads on a shared-cache in-memory database fail at once ("table is locked") instead
        # of queueing on the busy timeout as a file database in IMMEDIATE mode does.
        pytest.skip("needs PostgreSQL or a file SQLite database")
    threads, errors, made = 8, [], []
    barrier = threading.Barrier(threads)

    def run() -> None:
        try:
            barrier.wait()
            made.append(issue(world, member))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=run) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == [], f"{connection.vendor}: {errors}"
    with scopes_disabled():
        rows = list(Certificate.objects.values_list("serial", "sequence"))
    assert len(rows) == threads
    assert len({serial for serial, _ in rows}) == threads
    assert sorted(sequence for _, sequence in rows) == list(range(1, threads + 1))


# --- pages ------------------------------------------------------------------------------------


def page(world, path: str) -> str:
    return world.url(f"dedication/certificates/{path}")


def test_a_leader_issues_a_certificate_through_the_page(world, ded, member):
    client = world.client("secretary")
    assert client.get(page(world, "")).status_code == 200
    start = (ded.yesterday - datetime.timedelta(days=5)).isoformat()
    response = client.post(
        page(world, ""), {"person": member.pk, "period_start": start, "period_end": ded.yesterday.isoformat()}
    )
    assert response.status_code == 302
    with scopes_disabled():
        certificate = Certificate.objects.get()
    assert response["Location"] == page(world, f"{certificate.pk}/")
    detail = client.get(response["Location"]).content.decode()
    assert certificate.serial in detail and "4.0" in detail


def test_a_refused_issue_answers_400_and_writes_nothing(world, ded, member):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = world.client("secretary").post(
        page(world, ""),
        {"person": member.pk, "period_start": ded.yesterday.isoformat(), "period_end": future},
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not Certificate.objects.exists()


def test_members_see_only_their_own_certificates_and_cannot_issue(world, ded, member):
    theirs = issue(world, member)
    client = world.client("party_member")  # the organiser, not 党员0
    listing = client.get(page(world, "")).content.decode()
    assert theirs.serial not in listing
    assert client.get(page(world, f"{theirs.pk}/")).status_code == 403
    assert client.get(page(world, f"{theirs.pk}/pdf/")).status_code == 403
    assert client.post(page(world, ""), {"person": member.pk}).status_code == 403
    assert client.post(page(world, f"{theirs.pk}/revoke/"), {"reason": "x"}).status_code == 403


def test_a_member_downloads_their_own_certificate_as_a_pdf(world, ded, give, tmp_path):
    organiser = ded.crew.organiser.person  # the party_member login
    give(organiser, at(ded.yesterday, 8), at(ded.yesterday, 11))
    certificate = issue(world, organiser)
    client = world.client("party_member")
    assert certificate.serial in client.get(page(world, "")).content.decode()
    response = client.get(page(world, f"{certificate.pk}/pdf/"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f"{certificate.serial}.pdf" in response["Content-Disposition"]
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    (tmp_path / "c.pdf").write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "c.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "组织委员" in text and "3.0" in text and certificate.serial in text
    assert certificate.holder_id_masked in text and organiser.id_number not in text


def test_a_leader_revokes_through_the_page(world, ded, member):
    certificate = issue(world, member)
    client = world.client("secretary")
    assert client.post(page(world, f"{certificate.pk}/revoke/"), {"reason": ""}).status_code == 400
    response = client.post(page(world, f"{certificate.pk}/revoke/"), {"reason": "重复出具"})
    assert response.status_code == 302
    with scopes_disabled():
        certificate.refresh_from_db()
    assert certificate.is_revoked and certificate.revoke_reason == "重复出具"


# --- public verification ----------------------------------------------------------------------


def verify(world, serial: str, community=None) -> tuple[int, str]:
    response = Client().get(world.url("dedication/certificates/verify/", community), {"serial": serial})
    return response.status_code, response.content.decode()


def test_anyone_verifies_a_certificate_and_sees_nothing_more_than_it_shows(world, ded, member):
    certificate = issue(world, member)
    status, html = verify(world, certificate.serial.lower())
    assert status == 200
    for shown in ("党员0", certificate.holder_id_masked, "4.0", world.community.name, certificate.serial):
        assert shown in html
    for hidden in (member.id_number, "13912345678", "139****5678", world.units["branch"].name, "清扫楼道"):
        assert hidden not in html


def test_a_revoked_certificate_is_shown_as_revoked(world, ded, member):
    certificate = issue(world, member)
    with scope(community=world.community.pk):
        certificate_revoke(certificate=certificate, reason="出具错误", actor=world.secretary)
    status, html = verify(world, certificate.serial)
    assert status == 200 and "border-danger" in html and "border-success" not in html
    assert "出具错误" not in html  # the reason is internal


def test_an_unknown_serial_is_a_plain_404(world, ded, member):
    certificate = issue(world, member)
    status, html = verify(world, certificate.serial[:-1] + ("A" if certificate.serial[-1] != "A" else "B"))
    assert status == 404 and "党员0" not in html
    assert verify(world, "")[0] == 200  # the empty form


def test_a_serial_of_another_community_is_unknown_there(world, ded, member):
    certificate = issue(world, member)
    status, html = verify(world, certificate.serial, world.neighbour_community)
    assert status == 404 and "党员0" not in html


@pytest.mark.parametrize("who", ["outsider", "neighbour"])
def test_outsiders_get_404_on_every_page_but_verification(world, ded, member, who):
    certificate = issue(world, member)
    client = world.client(who)
    for path in ("", f"{certificate.pk}/", f"{certificate.pk}/pdf/", f"{certificate.pk}/revoke/"):
        assert client.get(page(world, path)).status_code == 404, path
    assert client.post(page(world, f"{certificate.pk}/revoke/"), {"reason": "x"}).status_code == 404
    assert client.get(world.url("dedication/hours/export/")).status_code == 404
    with scopes_disabled():
        certificate.refresh_from_db()
    assert not certificate.is_revoked


def test_look_ups_are_limited_per_address(world, ded, member, settings):
    settings.DEDICATION_VERIFY_LOOKUPS_PER_IP_PER_HOUR = 2
    certificate = issue(world, member)
    assert verify(world, "NO-SUCH-SERIAL")[0] == 404
    assert verify(world, certificate.serial)[0] == 200
    status, html = verify(world, certificate.serial)
    assert status == 429
    assert "党员0" not in html and certificate.holder_id_masked not in html
    assert verify(world, "")[0] == 200  # the empty form is not a look-up
