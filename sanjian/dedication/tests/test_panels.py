"""The dashboard's dedication figures and the person page's hours section: verified figures only,
and nothing of them for anyone outside the community."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from sanjian.dedication.models import BenefitEntry, BenefitKind
from sanjian.dedication.services import hours
from sanjian.dedication.tests.conftest import at, make_activity


def figure(html: str, url: str) -> str | None:
    """The value of the dashboard card that links to ``url``."""
    match = re.search(
        rf'href="{re.escape(url)}"><div class="card-body">\s*<div class="sj-figure">([^<]*)</div>', html
    )
    return match.group(1) if match else None


@pytest.fixture
def logs(world, ded):
    """Member 0: 4 h verified yesterday; member 1: 3 h pending; member 2: 2 h rejected;
    benefit: 1,250 yuan this year and 900 yuan the year before."""
    if ded.yesterday.year != timezone.localdate().year:
        pytest.skip("on New Year's Day yesterday belongs to last year's figures")
    crew, day = ded.crew, ded.yesterday
    with scope(community=world.community.pk):
        m = [x.person for x in crew.members]
        for person, start, end, decide in [
            (m[0], 8, 12, "verify"),
            (m[1], 8, 11, None),
            (m[2], 9, 11, "reject"),
        ]:
            entry = hours.log_create(
                community=world.community,
                person=person,
                activity=ded.activity,
                started_at=at(day, start),
                ended_at=at(day, end),
                actor=None,
            )
            if decide:
                hours.log_decide(log=entry, verify=decide == "verify", reason="未到场", actor=world.secretary)
    with scopes_disabled():
        for occurred_on, amount in [(day, "1250.00"), (day.replace(year=day.year - 1, day=1), "900.00")]:
            BenefitEntry.objects.create(
                community=world.community,
                project=ded.project,
                kind=BenefitKind.REPAIRS,
                occurred_on=occurred_on,
                amount=Decimal(amount),
                basis="维修抽水泵",
            )
    return m


def test_the_dashboard_shows_this_years_verified_hours_and_benefit(world, logs):
    html = world.client("secretary").get(world.url("")).content.decode()
    assert figure(html, world.url("dedication/board/")) == "4.0"  # not the 3 h pending nor the 2 h rejected
    assert figure(html, world.url("dedication/")) == "1,250"  # last year's 900 yuan is left out


def test_an_inspector_sees_the_figures_too(world, logs):
    html = world.client("inspector").get(world.url("")).content.decode()
    assert figure(html, world.url("dedication/board/")) == "4.0"


def test_outsiders_get_404_and_their_own_dashboard_shows_none_of_it(world, logs):
    for who in ("outsider", "neighbour"):
        assert world.client(who).get(world.url("")).status_code == 404
    html = world.client("neighbour").get(world.url("", world.neighbour_community)).content.decode()
    board = world.url("dedication/board/", world.neighbour_community)
    assert figure(html, board) == "0.0"
    assert figure(html, world.url("dedication/", world.neighbour_community)) == "0"


def section(html: str) -> str:
    start = html.find('id="section-dedicationhours"')
    assert start != -1, "no hours section"
    return html[start : html.find("</section>", start)]


def test_the_person_page_shows_verified_and_pending_hours(world, logs):
    client = world.client("secretary")
    verified = section(client.get(world.url(f"members/people/{logs[0].pk}/")).content.decode())
    assert 'data-figure="year">4.0<' in verified and 'data-figure="total">4.0<' in verified
    assert 'data-figure="pending">0.0<' in verified
    pending = section(client.get(world.url(f"members/people/{logs[1].pk}/")).content.decode())
    assert 'data-figure="year">0.0<' in pending and 'data-figure="pending">3.0<' in pending


def test_someone_who_never_logged_an_hour_has_no_section(world, ded, logs):
    html = world.client("secretary").get(world.url(f"members/people/{ded.crew.worker.pk}/")).content.decode()
    assert 'id="section-dedicationhours"' not in html


def test_the_section_marks_milestones_and_the_next_one(world, ded, logs):
    """52 verified hours over four days: the 50-hour mark is reached, 48 to go to 100."""
    person = logs[0]
    with scope(community=world.community.pk):
        for back in (3, 4, 5):
            day = ded.yesterday - datetime.timedelta(days=back)
            activity = make_activity(world.community, ded.crew.organiser.person, at(day, 2), at(day, 22))
            entry = hours.log_create(
                community=world.community,
                person=person,
                activity=activity,
                started_at=at(day, 2),
                ended_at=at(day, 18),
                actor=None,
            )
            hours.log_decide(log=entry, verify=True, actor=world.secretary)
    html = section(world.client("secretary").get(world.url(f"members/people/{person.pk}/")).content.decode())
    assert 'data-figure="total">52.0<' in html  # 4 + 3 × 16
    assert re.findall(r'data-milestone="(\d+)"', html) == ["50"]
    assert 'data-next="100" data-to-next="48.0"' in html


def test_outsiders_get_404_for_the_person_page(world, logs):
    for who in ("outsider", "neighbour"):
        assert world.client(who).get(world.url(f"members/people/{logs[0].pk}/")).status_code == 404
