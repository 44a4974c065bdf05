"""The dedication pages: who sees them, who may change what, and that bad input writes nothing.

Every page answers 404 to a secretary of another community (``world.neighbour``) and of
another company (``world.outsider``)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from sanjian.dedication.models import Activity, BenefitEntry, HourLog, LogStatus, Project, SignUp
from sanjian.dedication.services import hours
from sanjian.dedication.tests.conftest import at, make_activity
from sanjian.testing import factories as f

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
    b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def login_for(world, person, username: str, role: str = "party_member") -> Client:
    """A login for ``person`` (a member of ``world.community``) and a client logged in with it."""
    with scopes_disabled():
        user = f.UserFactory(username=username, first_name=person.name)
        f.MembershipFactory(user=user, role=role, community=world.community)
        person.user = user
        person.save()
    world.users[username] = user
    client = Client()
    client.force_login(user)
    return client


def soon(hours_from_now: float = 24, length: float = 2, **kw):
    """Times of an activity starting ``hours_from_now``."""
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(hours=hours_from_now)
    return start, start + datetime.timedelta(hours=length)


def verified_log(world, ded, person, *, start_hour=8, end_hour=10):
    with scope(community=world.community.pk):
        return hours.log_create(
            community=world.community,
            person=person,
            activity=ded.activity,
            started_at=at(ded.yesterday, start_hour),
            ended_at=at(ded.yesterday, end_hour),
            actor=world.secretary,
            verified=True,
        )


def pages(world, ded) -> list[str]:
    with scopes_disabled():
        log = verified_log(world, ded, ded.crew.members[0].person)
        entry = BenefitEntry.objects.create(
            community=world.community,
            project=ded.project,
            kind="repairs",
            occurred_on=ded.yesterday,
            amount=Decimal("300"),
            basis="3 台 × 100 元",
        )
    a, p = ded.activity.pk, ded.project.pk
    return [
        world.url(path)
        for path in [
            "dedication/",
            "dedication/projects/new/",
            f"dedication/projects/{p}/",
            f"dedication/projects/{p}/edit/",
            f"dedication/projects/{p}/benefit/new/",
            f"dedication/benefit/{entry.pk}/edit/",
            "dedication/activities/",
            "dedication/activities/new/",
            f"dedication/activities/{a}/",
            f"dedication/activities/{a}/edit/",
            f"dedication/activities/{a}/cancel/",
            f"dedication/activities/{a}/checkin/{ded.activity.checkin_key}/",
            "dedication/hours/",
            f"dedication/hours/{log.pk}/edit/",
            "dedication/verify/",
            f"dedication/verify/{log.pk}/correct/",
            "dedication/board/",
        ]
    ]


POSTS = ["sign-up/", "withdraw/", "new-key/", "mark/"]


@pytest.mark.parametrize("who", ["outsider", "neighbour", "nobody"])
def test_every_page_answers_404_to_another_community(world, ded, who):
    client = world.client(who)
    for url in pages(world, ded):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"reason": "x", "name": "x"}).status_code == 404, url
    for name in POSTS:
        assert client.post(world.url(f"dedication/activities/{ded.activity.pk}/{name}")).status_code == 404
    with scopes_disabled():
        assert not SignUp.objects.exists()
        assert ded.activity.checkin_key == Activity.objects.get(pk=ded.activity.pk).checkin_key


def test_the_secretary_sees_every_page(world, ded):
    client = world.client("secretary")
    for url in pages(world, ded):
        # A member corrects their own log; a verifier corrects it on the verify page.
        expected = 403 if url.endswith("/edit/") and "/hours/" in url else 200
        assert client.get(url).status_code == expected, url


def test_anonymous_visitors_are_sent_to_log_in_and_back(world, ded):
    url = world.url(f"dedication/activities/{ded.activity.pk}/checkin/{ded.activity.checkin_key}/")
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=") and "checkin" in response["Location"]


def test_a_window_manager_reads_the_pages_but_keeps_nothing(world, ded):
    client = world.client("window_manager")
    assert ded.project.name in client.get(world.url("dedication/")).content.decode()
    assert client.get(world.url("dedication/board/")).status_code == 200
    detail_url = world.url(f"dedication/activities/{ded.activity.pk}/")
    edit = f'href="{world.url(f"dedication/activities/{ded.activity.pk}/edit/")}"'
    detail = client.get(detail_url).content.decode()
    assert ded.activity.title in detail and edit not in detail
    assert edit in world.client("party_member").get(detail_url).content.decode()  # the organiser's
    for url in ["dedication/projects/new/", "dedication/activities/new/", "dedication/verify/"]:
        assert client.get(world.url(url)).status_code == 403, url
    assert client.post(world.url(f"dedication/activities/{ded.activity.pk}/new-key/")).status_code == 403


# --- Projects ----------------------------------------------------------------------------------


def project_data(world, ded, **changes):
    data = {
        "name": "楼道照明维修",
        "kind": "double_hundred",
        "goal": "为老旧楼道更换灯具",
        "leader": ded.crew.organiser.person.pk,
        "branches": [world.units["branch"].pk, world.units["branch2"].pk],
        "starts_on": "2026-03-01",
        "ends_on": "2026-12-31",
        "target_hours": "200",
        "target_benefit": "8000",
        "hourly_value": "",
        "status": "active",
        "description": "",
    }
    return {**data, **changes}


def test_the_secretary_creates_a_project_with_its_branches(world, ded):
    response = world.client("secretary").post(world.url("dedication/projects/new/"), project_data(world, ded))
    assert response.status_code == 302
    with scopes_disabled():
        project = Project.objects.get(name="楼道照明维修")
        assert set(project.branches.all()) == {world.units["branch"], world.units["branch2"]}
        assert project.history.latest().history_user == world.secretary
    assert response["Location"] == world.url(f"dedication/projects/{project.pk}/")


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"ends_on": "2026-01-01"},  # before it starts
        {"target_hours": "-1"},
        {"branches": [999999]},
        {"name": "家电义务维修"},  # the name of the existing project
    ],
)
def test_a_bad_project_is_refused_and_nothing_is_written(world, ded, changes):
    response = world.client("secretary").post(
        world.url("dedication/projects/new/"), project_data(world, ded, **changes)
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert Project.objects.count() == 1


def test_a_branch_of_another_community_cannot_be_chosen(world, ded):
    with scopes_disabled():
        foreign = f.UnitFactory(
            community=world.neighbour_community, kind="branch", name="外社区支部", code="x"
        )
    data = project_data(world, ded, branches=[foreign.pk])
    assert world.client("secretary").post(world.url("dedication/projects/new/"), data).status_code == 400


def test_only_leaders_keep_projects(world, ded):
    client = world.client("party_member")
    assert client.post(world.url("dedication/projects/new/"), project_data(world, ded)).status_code == 403
    url = world.url(f"dedication/projects/{ded.project.pk}/")
    upload = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    assert client.post(url, {"image": upload}).status_code == 403
    with scopes_disabled():
        assert Project.objects.count() == 1 and not ded.project.photos.exists()


def test_the_project_page_shows_imputed_value_apart_from_direct_benefit(world, ded):
    with scopes_disabled():
        Project.objects.filter(pk=ded.project.pk).update(hourly_value=Decimal("20"))
    verified_log(world, ded, ded.crew.members[0].person, start_hour=8, end_hour=11)  # 3 hours
    client = world.client("secretary")
    data = {"kind": "repairs", "occurred_on": str(ded.yesterday), "amount": "1250.50", "basis": "维修 5 台"}
    response = client.post(world.url(f"dedication/projects/{ded.project.pk}/benefit/new/"), data)
    assert response.status_code == 302
    html = client.get(world.url(f"dedication/projects/{ded.project.pk}/")).content.decode()
    imputed = html.split('id="imputed-value"')[1].split("</div>\n  </div>")[0]
    assert "¥60.00" in imputed  # 3 hours × 20 yuan
    benefits = html.split('id="benefits"')[1].split("</table>")[0]
    assert "¥1,250.50" in benefits and "¥60.00" not in benefits
    assert "¥1,310.50" not in html  # the two are never added up


def test_a_benefit_entry_keeps_its_evidence_for_download(world, ded):
    client = world.client("secretary")
    evidence = SimpleUploadedFile("发票.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    data = {"kind": "savings", "occurred_on": str(ded.yesterday), "amount": "80", "basis": "节约电费"}
    url = world.url(f"dedication/projects/{ded.project.pk}/benefit/new/")
    assert client.post(url, {**data, "evidence": evidence}).status_code == 302
    with scopes_disabled():
        entry = BenefitEntry.objects.get()
        assert (entry.amount, entry.recorded_by) == (Decimal("80.00"), world.secretary)
    download = world.client("party_member").get(world.url(f"dedication/benefit/{entry.pk}/evidence/"))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 test"
    edit = world.url(f"dedication/benefit/{entry.pk}/edit/")
    assert client.post(edit, {**data, "amount": "95.5"}).status_code == 302
    with scopes_disabled():
        assert BenefitEntry.objects.get().amount == Decimal("95.50")


@pytest.mark.parametrize(
    "changes", [{"amount": "0"}, {"amount": "-5"}, {"amount": "abc"}, {"basis": ""}, {"kind": "gift"}]
)
def test_a_bad_benefit_entry_is_refused(world, ded, changes):
    data = {
        "kind": "savings",
        "occurred_on": str(ded.yesterday),
        "amount": "80",
        "basis": "节约电费",
        **changes,
    }
    url = world.url(f"dedication/projects/{ded.project.pk}/benefit/new/")
    assert world.client("secretary").post(url, data).status_code == 400
    with scopes_disabled():
        assert not BenefitEntry.objects.exists()


def test_a_leader_adds_a_photo_that_everyone_sees(world, ded):
    url = world.url(f"dedication/projects/{ded.project.pk}/")
    upload = SimpleUploadedFile("repair.png", PNG, content_type="image/png")
    response = world.client("secretary").post(url, {"image": upload, "caption": "维修现场"})
    assert response.status_code == 302
    with scopes_disabled():
        photo = ded.project.photos.get()
    shown = world.client("window_manager").get(
        world.url(f"dedication/projects/{ded.project.pk}/photos/{photo.pk}/")
    )
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    bad = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    assert world.client("secretary").post(url, {"image": bad}).status_code == 400
    with scopes_disabled():
        assert ded.project.photos.count() == 1


def test_the_project_list_groups_by_kind_with_progress(world, ded):
    verified_log(world, ded, ded.crew.members[0].person, start_hour=8, end_hour=12)  # 4 of 100 hours
    html = world.client("party_member").get(world.url("dedication/")).content.decode()
    assert "家电义务维修" in html and 'aria-valuenow="4"' in html
    filtered = world.client("party_member").get(world.url("dedication/?kind=double_hundred")).content.decode()
    assert "家电义务维修" not in filtered


# --- Activities --------------------------------------------------------------------------------


def activity_data(**changes):
    start, end = soon()
    data = {
        "category": "civility",
        "project": "",
        "title": "讲文明树新风 清洁家园",
        "place": "社区广场",
        "starts_at": timezone.localtime(start).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(end).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "10",
        "organiser": "",
        "description": "",
    }
    return {**data, **changes}


def test_a_party_member_organises_an_activity_of_their_own(world, ded):
    other = ded.crew.other_secretary.person
    response = world.client("party_member").post(
        world.url("dedication/activities/new/"), activity_data(organiser=other.pk)
    )
    assert response.status_code == 302
    with scopes_disabled():
        activity = Activity.objects.get(title="讲文明树新风 清洁家园")
    assert activity.organiser == ded.crew.organiser.person  # not whom the form named


def test_the_secretary_names_the_organiser_among_people_with_a_login(world, ded):
    client = world.client("secretary")
    other = ded.crew.other_secretary.person
    assert (
        client.post(world.url("dedication/activities/new/"), activity_data(organiser=other.pk)).status_code
        == 302
    )
    without_login = ded.crew.members[0].person
    data = activity_data(organiser=without_login.pk, title="另一活动")
    assert client.post(world.url("dedication/activities/new/"), data).status_code == 400
    with scopes_disabled():
        assert Activity.objects.get(title="讲文明树新风 清洁家园").organiser == other
        assert not Activity.objects.filter(title="另一活动").exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"title": ""},
        {"category": "project"},  # a project activity needs its project
        {"capacity": "0"},
        {"ends_at": "2020-01-01T08:00"},  # before it starts
    ],
)
def test_a_bad_activity_is_refused(world, ded, changes):
    response = world.client("party_member").post(
        world.url("dedication/activities/new/"), activity_data(**changes)
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert Activity.objects.count() == 1


def test_only_its_organiser_or_a_leader_edits_an_activity(world, ded):
    edit = world.url(f"dedication/activities/{ded.activity.pk}/edit/")
    assert world.client("other_branch").get(edit).status_code == 403
    assert world.client("party_member").get(edit).status_code == 200
    assert world.client("secretary").get(edit).status_code == 200


def test_an_activity_is_cancelled_with_a_reason(world, ded):
    client = world.client("party_member")
    url = world.url(f"dedication/activities/{ded.activity.pk}/cancel/")
    assert world.client("other_branch").post(url, {"reason": "下雨"}).status_code == 403
    assert client.post(url, {"reason": ""}).status_code == 400
    with scopes_disabled():
        assert not Activity.objects.get(pk=ded.activity.pk).is_cancelled
    assert client.post(url, {"reason": "暴雨预警"}).status_code == 302
    with scopes_disabled():
        activity = Activity.objects.get(pk=ded.activity.pk)
        assert (activity.is_cancelled, activity.cancel_reason) == (True, "暴雨预警")
        assert activity.history.latest().history_change_reason == "暴雨预警"


def test_an_activity_with_verified_hours_cannot_be_cancelled(world, ded):
    verified_log(world, ded, ded.crew.members[0].person)
    url = world.url(f"dedication/activities/{ded.activity.pk}/cancel/")
    response = world.client("party_member").post(url, {"reason": "误建"})
    assert response.status_code == 400
    with scopes_disabled():
        assert not Activity.objects.get(pk=ded.activity.pk).is_cancelled


def test_sign_up_respects_the_capacity(world, ded):
    start, end = soon()
    activity = make_activity(
        world.community, ded.crew.organiser.person, start, end, capacity=1, category="other"
    )
    first = login_for(world, ded.crew.members[0].person, "m0")
    second = login_for(world, ded.crew.members[1].person, "m1")
    url = world.url(f"dedication/activities/{activity.pk}/sign-up/")
    assert first.post(url).status_code == 302
    response = second.post(url, follow=True)
    assert "The activity is full." in response.content.decode() or "名额已满" in response.content.decode()
    with scopes_disabled():
        assert list(SignUp.objects.values_list("person", flat=True)) == [ded.crew.members[0].person.pk]
    # Giving the place up frees it.
    assert first.post(world.url(f"dedication/activities/{activity.pk}/withdraw/")).status_code == 302
    assert second.post(url).status_code == 302
    with scopes_disabled():
        assert list(SignUp.objects.values_list("person", flat=True)) == [ded.crew.members[1].person.pk]


def test_a_login_without_a_person_is_told_so(world, ded):
    client = world.client("secretary")
    page = client.get(world.url(f"dedication/activities/{ded.activity.pk}/")).content.decode()
    assert 'id="no-person"' in page
    assert client.post(world.url(f"dedication/activities/{ded.activity.pk}/sign-up/")).status_code == 403
    assert 'id="no-person"' in client.get(world.url("dedication/hours/")).content.decode()
    with scopes_disabled():
        assert not SignUp.objects.exists()


def test_the_activity_list_splits_upcoming_and_past(world, ded):
    start, end = soon()
    make_activity(
        world.community, ded.crew.organiser.person, start, end, title="明天的活动", category="other"
    )
    client = world.client("party_member")
    upcoming = client.get(world.url("dedication/activities/")).content.decode()
    past = client.get(world.url("dedication/activities/?when=past")).content.decode()
    assert "明天的活动" in upcoming and "清扫楼道" not in upcoming
    assert "清扫楼道" in past and "明天的活动" not in past
    by_project = client.get(world.url(f"dedication/activities/?when=past&project={ded.project.pk}"))
    assert "清扫楼道" in by_project.content.decode()
    civility = client.get(world.url("dedication/activities/?category=civility")).content.decode()
    assert "明天的活动" not in civility


# --- Board -------------------------------------------------------------------------------------


def test_the_board_counts_verified_hours_only(world, ded):
    verified_log(world, ded, ded.crew.members[0].person, start_hour=8, end_hour=11)
    with scope(community=world.community.pk):
        hours.log_create(
            community=world.community,
            person=ded.crew.members[1].person,
            activity=ded.activity,
            started_at=at(ded.yesterday, 8),
            ended_at=at(ded.yesterday, 12),
            actor=world.secretary,
        )
    month = ded.yesterday.strftime("%Y-%m")
    html = world.client("party_member").get(world.url(f"dedication/board/?month={month}")).content.decode()
    people = html.split('id="board-people"')[1].split("</table>")[0]
    assert "党员0" in people and "3.0" in people
    assert "党员1" not in people  # pending
    branches = html.split('id="board-branches"')[1].split("</table>")[0]
    assert "服务党支部" in branches
    assert "家电义务维修" in html.split('id="per-project"')[1].split("</table>")[0]
    with scopes_disabled():
        assert HourLog.objects.filter(status=LogStatus.PENDING).count() == 1


def test_a_wrong_month_shows_this_month(world, ded):
    response = world.client("party_member").get(world.url("dedication/board/?month=2026-13"))
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)
    assert response.context["is_current"] is True


def test_leaders_find_the_certificates_and_the_export_on_the_board(world, ded):
    month = ded.yesterday.strftime("%Y-%m")
    leader = world.client("secretary").get(world.url(f"dedication/board/?month={month}")).content.decode()
    first, last = selectors_month(ded.yesterday)
    assert f"hours/export/?start={first}&amp;end={last}" in leader
    assert world.url("dedication/certificates/") in leader
    member = world.client("party_member").get(world.url("dedication/board/")).content.decode()
    assert "hours/export/" not in member
    # members reach their own certificates from the menu; issuing them is the leaders' (test_certificates)


def selectors_month(day: datetime.date) -> tuple[str, str]:
    from sanjian.lib.dates import Month

    first, last = Month.of(day).start, Month.of(day).end
    return first.isoformat(), last.isoformat()


def test_the_verify_tab_shows_only_to_those_who_verify(world, ded):
    verify = world.url("dedication/verify/")

    def tabs(client) -> str:
        return (
            client.get(world.url("dedication/board/"))
            .content.decode()
            .split('class="nav nav-tabs')[1]
            .split("</ul>")[0]
        )

    assert f'href="{verify}"' in tabs(world.client("party_member"))  # organises an activity
    assert f'href="{verify}"' not in tabs(login_for(world, ded.crew.members[1].person, "plain"))


def test_dates_beyond_any_sense_get_a_message_not_an_error(world, ded):
    client = world.client("secretary")
    for month in ("0001-01", "9999-12", "2026-13"):
        response = client.get(world.url(f"dedication/board/?month={month}"))
        assert response.status_code == 200
        assert response.context["is_current"] is True, month
    response = client.post(
        world.url("dedication/activities/new/"),
        {
            "title": "年份错误",
            "place": "广场",
            "category": "civility",
            "starts_at": "0001-01-01T00:00",
            "ends_at": "0001-01-01T02:00",
            "organiser": ded.crew.organiser.person.pk,
        },
    )
    assert response.status_code == 400
    assert "2000" in response.content.decode()
    with scopes_disabled():
        assert not Activity.objects.filter(title="年份错误").exists()
