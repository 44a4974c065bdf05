"""The demo year of 阳邑社区's dedication work: the report's figures as records that keep every
rule of a log, with work left to do for the demo logins."""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone
from django_scopes import scopes_disabled

from sanjian.dedication import selectors
from sanjian.dedication.demo import report_months
from sanjian.dedication.models import (
    Activity,
    BenefitEntry,
    Certificate,
    HourLog,
    LogSource,
    LogStatus,
    Project,
    ProjectKind,
    SignUp,
)
from sanjian.dedication.selectors import minutes_between
from sanjian.dedication.services.hours import MARGIN, check_log
from sanjian.lib.dates import Month
from sanjian.members.models import Person


def counts() -> dict[str, int]:
    with scopes_disabled():
        models = [Project, Activity, SignUp, HourLog, BenefitEntry, Certificate]
        rows = {m.__name__: m.objects.count() for m in models}
        rows.update({f"{m.__name__} history": m.history.count() for m in models})
        return rows


def test_loading_the_demo_again_adds_nothing(yangyi):
    before = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == before
    assert before["HourLog"] > 500


def test_the_reports_projects_are_there(yangyi):
    kinds = dict(Project.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds == {ProjectKind.DEDICATION: 6, ProjectKind.DOUBLE_HUNDRED: 8}
    assert set(Project.objects.values_list("name", flat=True)) >= {
        "家电义务维修",
        "楼道清洁美化",
        "困难职工帮扶",
    }


def test_a_year_of_activities_with_civility_services(yangyi):
    today = timezone.localdate()
    days = [timezone.localtime(a.starts_at).date() for a in Activity.objects.filter(is_cancelled=False)]
    past = [d for d in days if d < today]
    assert len(past) > 100 and (today - min(past)).days <= 366 and (today - min(past)).days > 330
    assert any(d > today for d in days)  # some to sign up for
    civility = Activity.objects.filter(category="civility", title__contains="讲文明树新风")
    assert civility.count() >= 12
    assert Activity.objects.filter(is_cancelled=True).exclude(cancel_reason="").exists()


def test_verified_cadre_hours_are_just_over_2000_and_benefit_just_over_50000(yangyi):
    """As the report counts them: from January to October (the ten months ending with the
    month before last, whatever the day the demo is loaded)."""
    first, last = report_months(timezone.localdate())
    cadre = selectors.cadre_minutes(first, last) / 60
    assert 2000 < cadre <= 2046
    year_ago = timezone.localdate() - datetime.timedelta(days=366)
    assert selectors.cadre_minutes() == selectors.cadre_minutes(year_ago, None)  # all of it in the year
    assert selectors.community_minutes() > selectors.cadre_minutes()  # residents took part too
    assert 50_000 < selectors.benefit_total(first, last) == selectors.benefit_total() < 52_000


def test_every_log_keeps_the_rules(yangyi):
    now = timezone.now()
    logs = list(HourLog.objects.select_related("activity", "person__party"))
    for log in logs:
        assert log.minutes == minutes_between(log.started_at, log.ended_at)
        assert log.worked_on == timezone.localtime(log.started_at).date()
        party = getattr(log.person, "party", None)
        assert log.branch_id == (party.branch_id if party is not None and party.is_active else None)
        assert (
            log.activity.starts_at - MARGIN <= log.started_at < log.ended_at <= log.activity.ends_at + MARGIN
        )
        assert log.ended_at <= now and not log.activity.is_cancelled
        if log.status != LogStatus.REJECTED:
            check_log(log, now=now)  # no overlap, no day over the limit: raises otherwise
        if log.status != LogStatus.PENDING:
            assert log.decided_by_id is not None and log.decided_at is not None
            assert log.created_at <= log.decided_at <= now
    assert len(logs) > 500


def test_a_night_patrol_crosses_midnight_as_one_log(yangyi):
    overnight = [
        log
        for log in HourLog.objects.filter(activity__title="夜间安全巡查")
        if timezone.localtime(log.ended_at).date() > timezone.localtime(log.started_at).date()
    ]
    assert overnight and all(0 < log.minutes <= 240 for log in overnight)


def test_pending_and_rejected_logs_with_reasons_exist(yangyi):
    statuses = dict(HourLog.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses[LogStatus.PENDING] >= 20 and statuses[LogStatus.REJECTED] >= 5
    assert statuses[LogStatus.VERIFIED] > 10 * statuses[LogStatus.REJECTED]
    assert not HourLog.objects.filter(status=LogStatus.REJECTED, reject_reason="").exists()
    sources = set(HourLog.objects.values_list("source", flat=True))
    assert sources == set(LogSource.values)


def test_a_correction_is_kept_in_history(yangyi):
    reasons = set(
        HourLog.history.exclude(history_change_reason=None).values_list("history_change_reason", flat=True)
    )
    assert "按现场签到表更正结束时间" in reasons


def test_the_branch_secretary_organises_and_has_logs_to_verify(yangyi):
    lead = Person.objects.get(user__username="window")  # the catering branch's secretary, on its committee
    assert Activity.objects.filter(organiser=lead).count() >= 5
    to_verify = HourLog.objects.filter(status=LogStatus.PENDING, activity__organiser=lead).exclude(
        person=lead
    )
    assert to_verify.count() >= 3
    assert Project.objects.filter(leader=lead).exists()


def test_the_member_login_volunteers_and_has_a_certificate(yangyi):
    me = Person.objects.get(user__username="member")  # a plain party member: organises nothing
    assert not Activity.objects.filter(organiser=me).exists()
    assert selectors.verified().filter(person=me).exists()
    assert Certificate.objects.filter(person=me, is_revoked=False).count() == 1


def test_certificates_state_verified_hours_only(yangyi):
    for certificate in Certificate.objects.all():
        logs = selectors.verified(certificate.period_start, certificate.period_end).filter(
            person=certificate.person
        )
        assert certificate.minutes == sum(logs.values_list("minutes", flat=True)) > 0
        assert "*" in certificate.holder_id_masked
    assert Certificate.objects.count() == 4


def test_the_leaderboard_of_last_month_is_populated(yangyi):
    last_month = Month.current().previous().start
    board = selectors.leaderboard(last_month)
    assert len(board["people"]) == 10 and len(board["branches"]) >= 3
