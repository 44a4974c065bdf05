"""The dedication API: projects, activities with sign-up and QR check-in and check-out, hour logs
and their verification, totals; roles (403), outsiders (404), bad input (400, nothing written),
and the OpenAPI schema."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from sanjian.dedication.models import Activity, HourLog, LogStatus, Project, SignUp
from sanjian.dedication.services import hours
from sanjian.dedication.tests.conftest import at, make_activity
from sanjian.testing.openapi import assert_matches_schema

BASE = "/api/v1/c/dongfeng/dedication/"


def post(world, who, path, data=None, method="post"):
    client = world.client(who)
    return getattr(client, method)(BASE + path, data or {}, content_type="application/json")


def counts() -> tuple[int, int, int, int]:
    with scopes_disabled():
        return (
            Project.objects.count(),
            Activity.objects.count(),
            SignUp.objects.count(),
            HourLog.objects.count(),
        )


def log_for(world, ded, member, start, end, *, verified=False):
    with scope(community=world.community.pk):
        return hours.log_create(
            community=world.community,
            person=member.person,
            activity=ded.activity,
            started_at=start,
            ended_at=end,
            actor=world.secretary,
            verified=verified,
        )


@pytest.fixture
def now_activity(world, ded):
    """An activity under way: started an hour ago, ends in two hours."""
    now = timezone.now()
    return make_activity(
        world.community,
        ded.crew.organiser.person,
        now - datetime.timedelta(hours=1),
        now + datetime.timedelta(hours=2),
        category="civility",
        title="讲文明树新风",
    )


# --- projects ---------------------------------------------------------------------------------


def test_everyone_reads_projects_with_progress_from_verified_hours_only(world, ded):
    log_for(world, ded, ded.crew.members[0], at(ded.yesterday, 8), at(ded.yesterday, 11), verified=True)
    log_for(world, ded, ded.crew.members[1], at(ded.yesterday, 8), at(ded.yesterday, 10))  # pending
    response = world.client("office").get(BASE + "projects/")
    assert response.status_code == 200
    [project] = response.json()["results"]
    assert project["name"] == "家电义务维修"
    assert project["progress"]["hours"] == "3.0" and project["progress"]["hours_percent"] == 3
    detail = world.client("party_member").get(BASE + f"projects/{ded.project.pk}/").json()
    assert detail["progress"]["volunteers"] == 1


def test_a_leader_creates_and_changes_a_project(world, ded):
    data = {
        "name": "楼道照明维修",
        "kind": "double_hundred",
        "goal": "修好每一盏灯",
        "leader": ded.crew.organiser.person.pk,
        "branches": [world.units["branch"].pk, world.units["branch2"].pk],
        "starts_on": "2026-01-01",
        "target_hours": "200.0",
        "target_benefit": "8000.00",
    }
    response = post(world, "secretary", "projects/", data)
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    with scopes_disabled():
        project = Project.objects.get(pk=pk)
        assert project.community == world.community
        assert set(project.branches.all()) == {world.units["branch"], world.units["branch2"]}
        assert project.history.first().history_user == world.secretary
    changed = post(world, "secretary", f"projects/{pk}/", {"status": "completed"}, method="patch")
    assert changed.status_code == 200 and changed.json()["status"] == "completed"


@pytest.mark.parametrize(
    "change",
    [
        {"leader": "other-community"},
        {"branches": "office"},
        {"ends_on": "2025-01-01"},
        {"name": "家电义务维修"},  # taken
        {"target_hours": "-1"},
    ],
)
def test_bad_projects_are_refused_and_nothing_is_written(world, ded, change):
    with scopes_disabled():
        from sanjian.testing.members import PersonFactory

        stranger = PersonFactory(community=world.neighbour_community)
    data = {
        "name": "新项目",
        "kind": "dedication",
        "goal": "目标",
        "leader": ded.crew.organiser.person.pk,
        "starts_on": "2026-01-01",
    }
    value = next(iter(change.values()))
    data.update(change)
    if value == "other-community":
        data["leader"] = stranger.pk
    if value == "office":
        data["branches"] = [world.units["office"].pk]
    before = counts()
    response = post(world, "secretary", "projects/", data)
    assert response.status_code == 400, response.content
    assert response.json()
    assert counts() == before


@pytest.mark.parametrize("who", ["party_member", "office", "other_branch"])
def test_only_leaders_write_projects(world, ded, who):
    response = post(world, who, "projects/", {"name": "x"})
    assert response.status_code == 403
    assert post(world, who, f"projects/{ded.project.pk}/", {"name": "y"}, method="patch").status_code == 403


# --- activities -------------------------------------------------------------------------------


def test_activities_are_listed_without_their_checkin_key(world, ded):
    response = world.client("office").get(BASE + "activities/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["title"] == "清扫楼道" and row["signed_up"] == 0
    assert "checkin_key" not in row and ded.activity.checkin_key not in response.content.decode()


def test_a_party_member_creates_an_activity_they_organise(world, ded):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "category": "civility",
        "title": "文明劝导",
        "place": "小区门口",
        "starts_at": at(tomorrow, 22).isoformat(),
        "ends_at": at(tomorrow + datetime.timedelta(days=1), 2).isoformat(),  # across midnight
        "organiser": ded.crew.members[0].person.pk,  # not theirs to name: they organise it
    }
    response = post(world, "party_member", "activities/", data)
    assert response.status_code == 201, response.content
    with scopes_disabled():
        activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.organiser == ded.crew.organiser.person
    assert activity.ends_at - activity.starts_at == datetime.timedelta(hours=4)


def test_bad_activities_are_refused_and_nothing_is_written(world, ded):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {
        "category": "project",  # without a project
        "title": "x",
        "place": "y",
        "starts_at": at(tomorrow, 10).isoformat(),
        "ends_at": at(tomorrow, 9).isoformat(),
    }
    before = counts()
    response = post(world, "party_member", "activities/", data)
    assert response.status_code == 400
    assert {"ends_at", "project"} <= set(response.json())
    assert counts() == before


def test_roles_without_organising_cannot_create_activities(world, ded):
    assert post(world, "office", "activities/", {"title": "x"}).status_code == 403


def test_a_member_signs_up_and_withdraws(world, ded, now_activity):
    path = f"activities/{now_activity.pk}/"
    response = post(world, "other_branch", path + "sign-up/")
    assert response.status_code == 201, response.content
    assert response.json()["person"] == ded.crew.other_secretary.person.pk
    with scopes_disabled():
        assert SignUp.objects.filter(activity=now_activity).count() == 1
    assert post(world, "other_branch", path + "withdraw/").status_code == 204
    with scopes_disabled():
        assert not SignUp.objects.filter(activity=now_activity).exists()


def test_a_full_or_cancelled_activity_refuses_sign_up(world, ded, now_activity):
    with scopes_disabled():
        Activity.objects.filter(pk=now_activity.pk).update(capacity=1)
    assert post(world, "party_member", f"activities/{now_activity.pk}/sign-up/").status_code == 201
    before = counts()
    response = post(world, "other_branch", f"activities/{now_activity.pk}/sign-up/")
    assert response.status_code == 400 and response.json()
    with scopes_disabled():
        Activity.objects.filter(pk=ded.activity.pk).update(is_cancelled=True, cancel_reason="下雨")
    assert post(world, "other_branch", f"activities/{ded.activity.pk}/sign-up/").status_code == 400
    assert counts() == before


def test_a_user_without_a_person_record_cannot_take_part(world, ded, now_activity):
    response = post(world, "office", f"activities/{now_activity.pk}/sign-up/")
    assert response.status_code == 403


def test_check_in_and_out_need_the_key_and_write_a_pending_log(world, ded, now_activity):
    path = f"activities/{now_activity.pk}/"
    before = counts()
    assert post(world, "other_branch", path + "check-in/", {"key": "wrong"}).status_code == 400
    assert post(world, "other_branch", path + "check-in/", {}).status_code == 400
    assert counts() == before
    response = post(world, "other_branch", path + "check-in/", {"key": now_activity.checkin_key})
    assert response.status_code == 200, response.content
    assert response.json()["checked_in_at"]
    with scopes_disabled():  # as if they had checked in 40 minutes ago
        SignUp.objects.filter(activity=now_activity).update(
            checked_in_at=timezone.now() - datetime.timedelta(minutes=40)
        )
    assert post(world, "other_branch", path + "check-out/", {"key": "wrong"}).status_code == 400
    response = post(world, "other_branch", path + "check-out/", {"key": now_activity.checkin_key})
    assert response.status_code == 201, response.content
    log = response.json()
    assert log["status"] == "pending" and log["source"] == "checkin" and log["minutes"] == 40
    assert (
        post(world, "other_branch", path + "check-out/", {"key": now_activity.checkin_key}).status_code == 400
    )


@pytest.mark.parametrize("key", ["é", "钥匙", 12, None, ["x"]])
@pytest.mark.parametrize("action", ["check-in/", "check-out/"])
def test_a_key_that_is_not_ascii_text_is_refused_with_400(world, ded, now_activity, key, action):
    before = counts()
    response = post(world, "other_branch", f"activities/{now_activity.pk}/{action}", {"key": key})
    assert response.status_code == 400, response.content
    assert counts() == before


# --- hour logs --------------------------------------------------------------------------------


def signed_up(world, person, activity):
    with scopes_disabled():
        SignUp.objects.get_or_create(community=world.community, activity=activity, person=person)


def own_log(world, ded, start_hour=8, end_hour=10, who="other_branch"):
    """二支部书记 (the ``other_branch`` login) logs own hours for the activity they signed up for."""
    assert who == "other_branch"
    signed_up(world, ded.crew.other_secretary.person, ded.activity)
    day = ded.yesterday
    return post(
        world,
        who,
        "hour-logs/",
        {
            "activity": ded.activity.pk,
            "started_at": at(day, start_hour).isoformat(),
            "ended_at": at(day, end_hour).isoformat(),
            "note": "擦洗扶手",
        },
    )


def test_a_member_logs_their_own_hours_pending(world, ded):
    response = own_log(world, ded)
    assert response.status_code == 201, response.content
    row = response.json()
    assert row["status"] == "pending" and row["source"] == "self" and row["minutes"] == 120
    assert row["person"] == ded.crew.other_secretary.person.pk
    assert row["branch"] == world.units["branch2"].pk


@pytest.mark.parametrize(
    "case",
    ["overlap", "future", "backwards", "cancelled", "other_community_activity", "not_signed_up"],
)
def test_bad_logs_are_refused_and_nothing_is_written(world, ded, case):
    assert own_log(world, ded).status_code == 201
    day, now = ded.yesterday, timezone.localtime()
    data = {
        "activity": ded.activity.pk,
        "started_at": at(day, 9).isoformat(),
        "ended_at": at(day, 11).isoformat(),
    }
    if case == "future":
        future = make_activity(
            world.community, ded.crew.organiser.person, now, now + datetime.timedelta(hours=3)
        )
        signed_up(world, ded.crew.other_secretary.person, future)
        data = {
            "activity": future.pk,
            "started_at": now.isoformat(),
            "ended_at": (now + datetime.timedelta(hours=2)).isoformat(),
        }
    elif case == "backwards":
        data["started_at"], data["ended_at"] = at(day, 11, 30).isoformat(), at(day, 11).isoformat()
    elif case == "cancelled":
        with scopes_disabled():
            Activity.objects.filter(pk=ded.activity.pk).update(is_cancelled=True, cancel_reason="下雨")
        data["started_at"] = at(day, 10, 30).isoformat()
    elif case == "other_community_activity":
        with scopes_disabled():
            from sanjian.testing.members import PersonFactory

            stranger = PersonFactory(community=world.neighbour_community)
        elsewhere = make_activity(world.neighbour_community, stranger, at(day, 8), at(day, 12))
        data.update(activity=elsewhere.pk, started_at=at(day, 10, 30).isoformat())
    elif case == "not_signed_up":
        other = make_activity(world.community, ded.crew.organiser.person, at(day, 13), at(day, 17))
        data.update(activity=other.pk, started_at=at(day, 13).isoformat(), ended_at=at(day, 15).isoformat())
    before = counts()
    response = post(world, "other_branch", "hour-logs/", data)
    assert response.status_code == 400, response.content
    assert response.json()
    assert counts() == before


def test_each_sees_their_own_logs_and_those_they_may_verify(world, ded):
    own_log(world, ded)  # 二支部书记's own
    log_for(world, ded, ded.crew.members[0], at(ded.yesterday, 8), at(ded.yesterday, 9))

    def names(who):
        response = world.client(who).get(BASE + "hour-logs/")
        assert response.status_code == 200
        return sorted(row["person_name"] for row in response.json()["results"])

    assert names("party_member") == ["二支部书记", "党员0"]  # the organiser of the activity
    assert names("other_branch") == ["二支部书记"]  # own; 党员0 is not of their branch
    assert names("secretary") == ["二支部书记", "党员0"]
    assert names("office") == []  # no person record


def test_the_organiser_verifies_and_rejects_with_a_reason(world, ded):
    pk = own_log(world, ded).json()["id"]
    response = post(world, "party_member", f"hour-logs/{pk}/verify/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "verified"
    assert post(world, "party_member", f"hour-logs/{pk}/reject/", {"reason": " "}).status_code == 400
    with scopes_disabled():
        assert HourLog.objects.get(pk=pk).status == LogStatus.VERIFIED
    response = post(world, "party_member", f"hour-logs/{pk}/reject/", {"reason": "未签到"})
    assert response.status_code == 200 and response.json()["reject_reason"] == "未签到"


def test_verification_by_a_wrong_role_is_refused(world, ded):
    theirs = log_for(world, ded, ded.crew.members[0], at(ded.yesterday, 8), at(ded.yesterday, 9))
    own = own_log(world, ded, 10, 11).json()["id"]
    # A secretary of another branch who does not organise the activity.
    assert post(world, "other_branch", f"hour-logs/{theirs.pk}/verify/").status_code == 403
    # Nobody verifies their own hours.
    assert post(world, "other_branch", f"hour-logs/{own}/verify/").status_code == 403
    # A role without dedication.organise.
    assert post(world, "office", f"hour-logs/{theirs.pk}/verify/").status_code == 403
    assert post(world, "office", f"hour-logs/{theirs.pk}/reject/", {"reason": "x"}).status_code == 403
    with scopes_disabled():
        assert set(HourLog.objects.values_list("status", flat=True)) == {LogStatus.PENDING}


# --- totals -----------------------------------------------------------------------------------


def test_totals_count_verified_hours_only(world, ded):
    log_for(world, ded, ded.crew.members[0], at(ded.yesterday, 8), at(ded.yesterday, 11), verified=True)
    log_for(world, ded, ded.crew.members[1], at(ded.yesterday, 8), at(ded.yesterday, 12))  # pending
    day = ded.yesterday.isoformat()
    response = world.client("office").get(BASE + "totals/", {"start": day, "end": day})
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["hours"] == "3.0" and data["cadre_hours"] == "3.0"
    assert data["members"] == [{"id": ded.crew.members[0].person.pk, "name": "党员0", "hours": "3.0"}]
    assert data["branches"] == [{"id": world.units["branch"].pk, "name": "服务党支部", "hours": "3.0"}]
    assert data["projects"] == [{"id": ded.project.pk, "name": "家电义务维修", "hours": "3.0"}]
    before = (ded.yesterday - datetime.timedelta(days=1)).isoformat()
    assert world.client("office").get(BASE + "totals/", {"end": before}).json()["hours"] == "0.0"


@pytest.mark.parametrize(
    "params", [{"start": "2026-02-30"}, {"end": "soon"}, {"start": "2026-05-02", "end": "2026-05-01"}]
)
def test_totals_refuse_bad_dates(world, ded, params):
    response = world.client("secretary").get(BASE + "totals/", params)
    assert response.status_code == 400 and response.json()


# --- outsiders and the schema -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["outsider", "neighbour", "other_company_admin"])
def test_outsiders_get_404_everywhere(world, ded, who):
    log = log_for(world, ded, ded.crew.members[0], at(ded.yesterday, 8), at(ded.yesterday, 9))
    client = world.client(who)
    for path in (
        "projects/",
        f"projects/{ded.project.pk}/",
        "activities/",
        f"activities/{ded.activity.pk}/",
        "hour-logs/",
        f"hour-logs/{log.pk}/",
        "totals/",
    ):
        assert client.get(BASE + path).status_code == 404, path
    before = counts()
    for path in (f"activities/{ded.activity.pk}/sign-up/", f"hour-logs/{log.pk}/verify/", "projects/"):
        assert post(world, who, path, {"name": "x"}).status_code == 404, path
    assert counts() == before


def test_anonymous_callers_must_authenticate(world, ded):
    from django.test import Client

    assert Client().get(BASE + "projects/").status_code == 401


def test_the_totals_answer_is_the_object_the_schema_promises(world, ded):
    log_for(world, ded, ded.crew.members[0], at(ded.yesterday, 8), at(ded.yesterday, 11), verified=True)
    client = world.client("office")
    body = client.get(BASE + "totals/").json()
    assert isinstance(body, dict) and body["hours"] == "3.0"
    assert_matches_schema(client, "/api/v1/c/{community_slug}/dedication/totals/", body)


def test_the_schema_describes_the_dedication_endpoints_without_warnings(world, tmp_path):
    paths = world.client("secretary").get("/api/schema/?format=json").json()["paths"]
    prefix = "/api/v1/c/{community_slug}/dedication/"
    for name in (
        "projects/",
        "activities/",
        "activities/{id}/sign-up/",
        "activities/{id}/withdraw/",
        "activities/{id}/check-in/",
        "activities/{id}/check-out/",
        "hour-logs/",
        "hour-logs/{id}/verify/",
        "hour-logs/{id}/reject/",
        "totals/",
    ):
        assert prefix + name in paths, name
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
