"""The Excel export of volunteer hours per member: verified hours count, pending hours stand
apart, rejected ones nowhere; bad dates are refused; leaders only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.utils import timezone
from django_scopes import scope
from openpyxl import load_workbook

from sanjian.dedication.services import hours
from sanjian.dedication.tests.conftest import at

EXPORT = "dedication/hours/export/"


@pytest.fixture
def logs(world, ded):
    """Yesterday: 党员0 4 h verified, 党员1 2 h pending, 党员2 2 h rejected, 二支部书记 1.5 h verified."""
    crew, day = ded.crew, ded.yesterday

    def log(member, start, end, *, verified):
        return hours.log_create(
            community=world.community,
            person=member.person,
            activity=ded.activity,
            started_at=start,
            ended_at=end,
            actor=world.secretary,
            verified=verified,
        )

    with scope(community=world.community.pk):
        log(crew.members[0], at(day, 8), at(day, 12), verified=True)
        log(crew.members[1], at(day, 9), at(day, 11), verified=False)
        rejected = log(crew.members[2], at(day, 8), at(day, 10), verified=False)
        hours.log_decide(log=rejected, verify=False, reason="未到场", actor=world.secretary)
        log(crew.other_secretary, at(day, 8), at(day, 9, 30), verified=True)


def sheet(response) -> list[tuple]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def export(world, who="secretary", **params):
    return world.client(who).get(world.url(EXPORT), params)


def test_the_sheet_counts_verified_hours_and_shows_pending_apart(world, ded, logs):
    day = ded.yesterday.isoformat()
    header, *rows, total = sheet(export(world, start=day, end=day))
    assert len(header) == 5
    by_name = {row[0]: row for row in rows}
    assert by_name["党员0"] == ("党员0", "服务党支部", 4, 1, 0)
    assert by_name["二支部书记"] == ("二支部书记", "机关党支部", 1.5, 1, 0)
    assert by_name["党员1"][2:] == (0, 0, 2)  # pending: not counted, shown apart
    assert by_name["党员2"][2:] == (0, 0, 0)  # rejected: nowhere
    assert by_name["组织委员"][2:] == (0, 0, 0)  # every active party member has a row
    assert "窗口职工" not in by_name  # no party archive, no hours
    assert [row[0] for row in rows][:2] == ["党员0", "二支部书记"]  # most verified hours first
    assert total[2] == 5.5 and total[4] == 2


def test_logs_outside_the_period_are_left_out(world, ded, logs):
    before = (ded.yesterday - datetime.timedelta(days=1)).isoformat()
    _header, *rows, total = sheet(export(world, start="2000-01-01", end=before))
    assert total[2] == 0 and total[4] == 0
    assert all(row[2] == 0 for row in rows)


def test_the_default_period_is_this_year(world, ded, logs):
    if ded.yesterday.year != timezone.localdate().year:
        pytest.skip("on the 1st of January yesterday lies in last year")
    *_rows, total = sheet(export(world))
    assert total[2] == 5.5


@pytest.mark.parametrize(
    "params",
    [
        {"start": "2026-13-01"},
        {"start": "yesterday"},
        {"end": "2026-02-30"},
        {"start": "2026-05-02", "end": "2026-05-01"},
    ],
)
def test_bad_dates_are_refused_with_a_message(world, ded, params):
    response = export(world, **params)
    assert response.status_code == 400
    assert response.content.decode().strip()


@pytest.mark.parametrize(
    "who, status", [("party_member", 403), ("office", 403), ("outsider", 404), ("neighbour", 404)]
)
def test_only_leaders_export(world, ded, who, status):
    assert export(world, who).status_code == status


def test_the_total_is_the_rounded_sum_of_minutes_not_the_sum_of_rounded_rows(world, ded):
    """Three members of 20 minutes: 0.3 h each once rounded, but 1.0 h together, as the board and
    the dashboard say. One rule: the minutes are added, then rounded once (half up, 0.1 h)."""
    day = ded.yesterday
    with scope(community=world.community.pk):
        for member in ded.crew.members[:3]:
            hours.log_create(
                community=world.community,
                person=member.person,
                activity=ded.activity,
                started_at=at(day, 8),
                ended_at=at(day, 8, 20),
                actor=world.secretary,
                verified=True,
            )
    header, *rows, total = sheet(export(world, start=day.isoformat(), end=day.isoformat()))
    assert [row[2] for row in rows if row[2]] == [0.3, 0.3, 0.3]
    assert total[2] == 1


def test_hours_are_rounded_half_up_to_a_tenth():
    from decimal import Decimal

    from sanjian.dedication.models import hours_of

    assert hours_of(3) == Decimal("0.1")  # 0.05 h
    assert hours_of(116_116) == Decimal("1935.3")
    assert hours_of(2) == Decimal("0.0")
