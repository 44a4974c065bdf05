"""The mobile red flag: weekly scores, the monthly ranking and its tie-break, the veto, the
committee's confirmation, and what a community sees of the others."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from sanjian.lib.dates import Month
from sanjian.service import indicators, selectors, services
from sanjian.service.models import Competition, RoundStatus, ServiceRequest
from sanjian.service.services import redflag
from sanjian.service.tests.conftest import make_apartments

D = Decimal
MARCH = Month(2026, 3)


@pytest.fixture
def race(world, apt):
    """A company competition between the world community's apartments and the neighbour's."""
    other = make_apartments(world.neighbour_community, world.neighbour, prefix="红旗")
    competition = redflag.competition_save(
        company=world.company,
        competition=Competition(
            name="优质服务流动红旗",
            first_month=datetime.date(2026, 1, 1),
            last_month=datetime.date(2026, 10, 1),
        ),
        actor=world.company_admin,
    )
    redflag.entrant_add(competition=competition, unit=apt.unit, actor=world.company_admin)
    redflag.entrant_add(competition=competition, unit=other.unit, actor=world.company_admin)
    return competition, apt, other


def inspect(world, community, apartments, day, points=0, who="inspector"):
    marks = [services.Mark(apartments.items["卫生"], points, "楼道有垃圾")] if points else []
    with scope(community=community.pk):
        return services.inspection_record(
            community=community,
            sheet=apartments.sheet,
            floor=apartments.floors[0],
            inspected_on=day,
            marks=marks,
            actor=world.users[who],
        )


def results(competition, month=MARCH):
    return {str(r.entrant): r for r in redflag.results_for(competition, month)}


def test_each_week_counts_once_however_often_it_was_inspected(world, race):
    competition, apt, other = race
    # ours: week 1 four inspections of 100, week 2 one of 90 → (100 + 90) / 2 = 95
    for day in (2, 3, 4, 5):
        inspect(world, world.community, apt, datetime.date(2026, 3, day))
    inspect(world, world.community, apt, datetime.date(2026, 3, 10), points=10)
    # theirs: one week of 96
    inspect(world, world.neighbour_community, other, datetime.date(2026, 3, 3), points=4, who="neighbour")
    found = results(competition)
    assert found[apt.unit.name].score == D("95.00") and found[apt.unit.name].inspections == 5
    assert found[other.unit.name].score == D("96.00")
    assert found[other.unit.name].rank == 1 and found[other.unit.name].awarded
    assert found[apt.unit.name].rank == 2 and not found[apt.unit.name].awarded


def test_a_tie_on_score_goes_to_the_unit_assessed_in_more_weeks(world, race):
    competition, apt, other = race
    inspect(world, world.community, apt, datetime.date(2026, 3, 3), points=2)
    inspect(world, world.community, apt, datetime.date(2026, 3, 10), points=2)
    inspect(world, world.neighbour_community, other, datetime.date(2026, 3, 3), points=2, who="neighbour")
    found = results(competition)
    assert found[apt.unit.name].score == found[other.unit.name].score == D(98)
    assert (found[apt.unit.name].rank, found[other.unit.name].rank) == (1, 2)


def test_then_to_the_steadier_unit(world, race):
    competition, apt, other = race
    # both average 95 over two weeks; ours 96 and 94, theirs 100 and 90
    inspect(world, world.community, apt, datetime.date(2026, 3, 3), points=4)
    inspect(world, world.community, apt, datetime.date(2026, 3, 10), points=6)
    inspect(world, world.neighbour_community, other, datetime.date(2026, 3, 3), who="neighbour")
    inspect(world, world.neighbour_community, other, datetime.date(2026, 3, 10), points=10, who="neighbour")
    found = results(competition)
    assert found[apt.unit.name].rank == 1 and found[other.unit.name].rank == 2


def test_units_equal_on_everything_share_the_rank_and_the_flag(world, race):
    competition, apt, other = race
    inspect(world, world.community, apt, datetime.date(2026, 3, 3), points=1)
    inspect(world, world.neighbour_community, other, datetime.date(2026, 3, 4), points=1, who="neighbour")
    found = results(competition)
    assert found[apt.unit.name].rank == found[other.unit.name].rank == 1
    assert found[apt.unit.name].awarded and found[other.unit.name].awarded


def test_a_verified_serious_complaint_vetoes_the_unit_for_the_month(world, race):
    competition, apt, other = race
    inspect(world, world.community, apt, datetime.date(2026, 3, 3))
    inspect(world, world.neighbour_community, other, datetime.date(2026, 3, 3), points=20, who="neighbour")
    with scope(community=world.community.pk):
        complaint = services.request_open(
            community=world.community,
            request=ServiceRequest(
                room=apt.rooms[0],
                kind="complaint",
                reported_on=datetime.date(2026, 3, 20),
                reporter="王五",
                description="服务员辱骂住户",
            ),
            actor=world.secretary,
        )
        found = results(competition)
        assert not found[apt.unit.name].vetoed  # not verified yet
        services.complaint_verify(request=complaint, serious=True, reason="调查属实", actor=world.secretary)
    found = results(competition)
    assert (
        found[apt.unit.name].vetoed and found[apt.unit.name].rank is None and not found[apt.unit.name].awarded
    )
    assert found[other.unit.name].rank == 1 and found[other.unit.name].awarded
    assert not results(competition, Month(2026, 4))[apt.unit.name].vetoed  # April is another round


def test_a_confirmed_round_stands_and_counts_everywhere(world, race):
    competition, apt, other = race
    for month in (1, 2, 3):
        inspect(world, world.community, apt, datetime.date(2026, month, 5), points=1 if month != 2 else 9)
        inspect(
            world, world.neighbour_community, other, datetime.date(2026, month, 5), points=5, who="neighbour"
        )
        stored = redflag.round_rank(
            competition=competition, month=Month(2026, month), actor=world.company_admin
        )
        redflag.round_confirm(round=stored, actor=world.company_admin)
    assert stored.status == RoundStatus.CONFIRMED
    inspect(world, world.neighbour_community, other, datetime.date(2026, 3, 6), who="neighbour")
    with pytest.raises(ValidationError):
        redflag.round_rank(competition=competition, month=MARCH, actor=world.company_admin)
    with scope(community=world.community.pk):
        awards = selectors.flag_awards(
            world.community, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)
        )
        assert [(a.unit, a.month.month) for a in awards] == [(apt.unit.name, 1), (apt.unit.name, 3)]
        assert (
            selectors.headline(world.community, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))[
                "flags_won"
            ]
            == 2
        )
        assert indicators.red_flags([apt.unit], datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)) == {
            apt.unit.pk: D(2)
        }
    with scope(community=redflag.communities_of(competition)):
        rows = {r["entrant"].unit.name: r["text"] for r in selectors.flags_by_unit(competition)}
    assert rows[apt.unit.name] == "1–3月：获得2次"
    assert rows[other.unit.name] == "1–3月：获得1次"


def test_a_month_is_awarded_after_it_ends(world, race):
    competition = race[0]
    this_month = Month.current()
    competition.last_month = this_month.start
    competition.save()
    stored = redflag.round_rank(competition=competition, month=this_month, actor=world.company_admin)
    with pytest.raises(ValidationError):
        redflag.round_confirm(round=stored, actor=world.company_admin)


def test_a_unit_of_another_company_cannot_compete(world, race):
    with pytest.raises(ValidationError):
        redflag.entrant_add(competition=race[0], unit=world.units["other_window"], actor=world.company_admin)


def test_a_community_sees_the_company_board_but_not_another_communitys_details(world, race):
    competition, apt, other = race
    inspect(world, world.community, apt, datetime.date(2026, 3, 3), points=3)
    theirs = inspect(
        world, world.neighbour_community, other, datetime.date(2026, 3, 3), points=20, who="neighbour"
    )
    with scope(community=world.neighbour_community.pk):
        complaint = services.request_open(
            community=world.neighbour_community,
            request=ServiceRequest(
                room=other.rooms[0],
                kind="complaint",
                reported_on=datetime.date(2026, 3, 9),
                reporter="赵六",
                description="隐私投诉内容",
            ),
            actor=world.neighbour,
        )
        services.complaint_verify(request=complaint, serious=True, reason="属实", actor=world.neighbour)
    client = world.client("secretary")
    page = client.get(world.url(f"service/red-flag/{competition.pk}/?month=2026-03")).content.decode()
    assert other.unit.name in page and apt.unit.name in page  # the company board
    assert "隐私投诉内容" not in page  # their veto's reason is theirs
    assert client.get(world.url(f"service/inspections/{theirs.pk}/")).status_code == 404
    with scopes_disabled():
        assert (
            world.client("neighbour")
            .get(world.url(f"service/inspections/{theirs.pk}/", world.neighbour_community))
            .status_code
            == 200
        )
    assert world.client("outsider").get(world.url(f"service/red-flag/{competition.pk}/")).status_code == 404
    other_side = world.client("outsider").get(f"/c/faraway/service/red-flag/{competition.pk}/")
    assert other_side.status_code == 404  # another company's community does not see it either


def test_the_committee_ranks_confirms_and_prints_the_notice(world, race):
    competition, apt, other = race
    inspect(world, world.community, apt, datetime.date(2026, 3, 3))
    client = world.client("company_admin")
    base = f"/company/{world.company.slug}/service/{competition.pk}/"
    assert client.get(base).status_code == 200
    assert client.post(base + "step/", {"step": "rank", "month": "2026-03"}).status_code == 302
    assert client.post(base + "step/", {"step": "confirm", "month": "2026-03"}).status_code == 302
    response = client.get(base + "notice/2026-03/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert (
        world.client("secretary")
        .get(world.url(f"service/red-flag/{competition.pk}/notice/2026-03/"))
        .status_code
        == 200
    )
    assert (
        world.client("secretary").post(base + "step/", {"step": "rank", "month": "2026-04"}).status_code
        == 404
    )
