"""Branch life (三会一课): recording meetings with attendance, and the yearly frequency rules."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.assessment import sources
from sanjian.members.models import Meeting, MeetingKind
from sanjian.members.selectors import meeting_frequency, meetings_held_rate


def meeting(world, branch, kind, day):
    with scopes_disabled():
        return Meeting.objects.create(
            community=world.community, branch=branch, kind=kind, held_on=day, topic="会议"
        )


def record(world, who, crew, branch=None, absent=(), **extra):
    branch = branch or world.units["branch"]
    members = (
        crew.members + [crew.organiser]
        if branch == world.units["branch"]
        else crew.other_members + [crew.other_secretary]
    )
    present = [m.pk for m in members if m not in absent]
    data = {
        "branch": branch.pk,
        "kind": "committee",
        "held_on": "2026-03-10",
        "topic": "研究本月工作",
        "present": present,
        **{f"reason-{m.pk}": "倒班" for m in absent},
        **extra,
    }
    return world.client(who).post(world.url("members/meetings/new/"), data)


def test_the_branch_committee_records_a_meeting_and_expected_and_present_are_counted(world, crew):
    response = record(world, "party_member", crew, absent=[crew.members[0]])
    assert response.status_code == 302
    with scope(community=world.community.pk):
        saved = Meeting.objects.get(topic="研究本月工作")
        assert (saved.expected, saved.present) == (4, 3)
        absent = saved.attendance.get(member=crew.members[0])
        assert not absent.present and absent.absence_reason == "倒班"
        assert saved.history.first().history_user == world.party_member
    page = world.client("secretary").get(world.url(f"members/meetings/{saved.pk}/")).content.decode()
    assert "3 / 4" in page and "倒班" in page


def test_the_committee_of_another_branch_is_refused(world, crew):
    response = record(world, "other_branch", crew)  # other_branch sits on branch2's committee
    assert response.status_code == 403
    with scope(community=world.community.pk):
        assert not Meeting.objects.exists()


def test_a_plain_member_cannot_record_meetings(world, crew):
    with scopes_disabled():
        crew.organiser.party_post = ""
        crew.organiser.save()
    assert record(world, "party_member", crew).status_code == 403


def test_a_meeting_in_the_future_is_refused_and_nothing_is_written(world, crew):
    response = record(world, "secretary", crew, held_on="2099-01-01")
    assert response.status_code == 400
    with scope(community=world.community.pk):
        assert not Meeting.objects.exists()


def test_editing_a_meeting_updates_the_counts(world, crew):
    record(world, "secretary", crew)
    with scope(community=world.community.pk):
        saved = Meeting.objects.get()
    data = {
        "branch": world.units["branch"].pk,
        "kind": "committee",
        "held_on": "2026-03-10",
        "topic": "改",
        "present": [crew.organiser.pk],
    }
    assert (
        world.client("party_member").post(world.url(f"members/meetings/{saved.pk}/edit/"), data).status_code
        == 302
    )
    saved.refresh_from_db()
    assert (saved.expected, saved.present) == (4, 1)


def test_the_attendance_rows_follow_the_chosen_branch(world, crew):
    html = (
        world.client("secretary")
        .get(world.url(f"members/meetings/members/?branch={world.units['branch'].pk}"))
        .content.decode()
    )
    assert "党员0" in html and "二支党员0" not in html
    assert (
        world.client("other_branch")
        .get(world.url(f"members/meetings/members/?branch={world.units['branch'].pk}"))
        .status_code
        == 403
    )


@pytest.mark.parametrize(
    ("kind", "days", "missed"),
    [
        # monthly: one meeting a month; by 15 June, January to May are due
        (MeetingKind.COMMITTEE, ["01-10", "02-10", "03-10", "04-10", "05-10"], 0),
        (
            MeetingKind.COMMITTEE,
            ["01-10", "01-20", "03-10", "04-10", "05-10"],
            1,
        ),  # two in January do not cover February
        (MeetingKind.GROUP, ["01-31", "02-01", "04-30", "05-01"], 1),
        # quarterly: by 15 June only the first quarter is due
        (MeetingKind.ASSEMBLY, ["03-31"], 0),
        (MeetingKind.ASSEMBLY, ["04-01"], 1),
        (MeetingKind.LESSON, [], 1),
    ],
)
def test_the_frequency_rules(world, kind, days, missed):
    branch = world.units["branch"]
    for day in days:
        meeting(world, branch, kind, datetime.date.fromisoformat(f"2026-{day}"))
    with scope(community=world.community.pk):
        year = meeting_frequency([branch], year=2026, today=datetime.date(2026, 6, 15))[0]
    standing = next(k for k in year.kinds if k.kind == kind)
    assert standing.missed == missed
    current = [p for p in standing.periods if p.start <= datetime.date(2026, 6, 15) <= p.end][0]
    assert current.state in ("open", "met")
    assert all(p.state == "future" for p in standing.periods if p.start > datetime.date(2026, 6, 15))


def test_a_whole_year_on_schedule(world):
    branch = world.units["branch"]
    for month in range(1, 13):
        meeting(world, branch, MeetingKind.COMMITTEE, datetime.date(2025, month, 5))
        meeting(world, branch, MeetingKind.GROUP, datetime.date(2025, month, 6))
        if month % 3 == 0:
            meeting(world, branch, MeetingKind.ASSEMBLY, datetime.date(2025, month, 7))
            meeting(world, branch, MeetingKind.LESSON, datetime.date(2025, month, 8))
    with scope(community=world.community.pk):
        year = meeting_frequency([branch, world.units["branch2"]], year=2025, today=datetime.date(2026, 1, 1))
        rate = meetings_held_rate(
            [branch, world.units["branch2"]], datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
        )
    assert year[0].ok and not year[1].ok
    assert year[1].kinds[1].missed == 12
    assert rate == {branch.pk: Decimal("100.00"), world.units["branch2"].pk: Decimal("0.00")}


def test_the_meetings_indicator_is_registered_for_branches(world):
    branch = world.units["branch"]
    meeting(world, branch, MeetingKind.COMMITTEE, datetime.date(2025, 1, 5))
    with scope(community=world.community.pk):
        values = sources.compute(
            "members.meetings_held",
            [branch, world.units["window"]],
            datetime.date(2025, 1, 1),
            datetime.date(2025, 3, 31),
        )
        # January to March: 3 committee + 3 group months + 1 assembly + 1 lesson quarter = 8 periods, 1 met
        assert values == {branch.pk: Decimal("12.50"), world.units["window"].pk: None}
        assert sources.compute(
            "members.meetings_held", [branch], datetime.date(2025, 1, 10), datetime.date(2025, 1, 20)
        ) == {branch.pk: None}


def test_the_meetings_page_shows_every_visible_branch(world, crew):
    meeting(world, world.units["branch"], MeetingKind.LESSON, datetime.date(2026, 2, 2))
    html = world.client("secretary").get(world.url("members/meetings/?year=2026")).content.decode()
    assert "服务党支部" in html and "机关党支部" in html and "登记会议" in html
    html = world.client("party_member").get(world.url("members/meetings/?year=2026")).content.decode()
    assert "服务党支部" in html and "机关党支部" not in html
    assert (
        world.client("party_member")
        .get(world.url(f"members/branches/{world.units['branch2'].pk}/"))
        .status_code
        == 403
    )
    assert world.client("inspector").get(world.url("members/meetings/")).status_code == 403


def test_attachments_are_added_by_the_committee_and_downloaded_by_members(world, crew):
    from django.core.files.uploadedfile import SimpleUploadedFile

    record(world, "secretary", crew)
    with scope(community=world.community.pk):
        saved = Meeting.objects.get()
    url = world.url(f"members/meetings/{saved.pk}/")
    bad = world.client("party_member").post(
        url, {"file": SimpleUploadedFile("x.exe", b"MZ"), "title": "病毒"}
    )
    assert bad.status_code == 400
    ok = world.client("party_member").post(
        url, {"file": SimpleUploadedFile("纪要.pdf", b"%PDF-1.4"), "title": "会议纪要"}
    )
    assert ok.status_code == 302
    with scope(community=world.community.pk):
        attachment = saved.attachments.get()
    assert (
        world.client("other_branch").post(url, {"file": SimpleUploadedFile("a.pdf", b"%PDF")}).status_code
        == 403
    )
    download = world.client("party_member").get(
        world.url(f"members/meetings/{saved.pk}/files/{attachment.pk}/")
    )
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4"
