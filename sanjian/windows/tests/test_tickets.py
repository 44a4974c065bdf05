"""差评整改: every bad rating opens a ticket with a deadline in working days; the window rectifies,
someone calls the resident back, the ticket closes; an appeal, decided by the supervising unit,
can remove a malicious rating from the scores with the decision kept."""

from __future__ import annotations

import datetime

import pytest
from django_scopes import scope, scopes_disabled

from sanjian.windows import ranking, services
from sanjian.windows.models import Appeal, AppealStatus, DailyRollup, Policy, Rating, Ticket, TicketStatus
from sanjian.windows.tests.factories import at, give_rating

FRIDAY = datetime.date(2026, 11, 20)


def ticket_for(rating):
    with scopes_disabled():
        return Ticket.objects.select_related("rating").get(rating=rating)


def fresh(ticket):
    with scopes_disabled():
        return Ticket.objects.select_related("rating").get(pk=ticket.pk)


def test_the_deadline_is_five_working_days_skipping_the_weekend(world):
    rating = give_rating(world.units["window"], 2, when=at(FRIDAY))
    ticket = ticket_for(rating)
    assert (ticket.opened_on, ticket.deadline) == (FRIDAY, datetime.date(2026, 11, 27))


def test_the_deadline_skips_the_national_day_holiday_and_counts_its_make_up_saturday(world):
    rating = give_rating(world.units["window"], 1, when=at(datetime.date(2026, 9, 29)))
    assert ticket_for(rating).deadline == datetime.date(2026, 10, 12)


def test_the_secretary_sets_the_number_of_working_days(world):
    response = world.client("secretary").post(world.url("windows/settings/"), {"ticket_deadline_workdays": 3})
    assert response.status_code == 302
    rating = give_rating(world.units["window"], 1, when=at(FRIDAY))
    assert ticket_for(rating).deadline == datetime.date(2026, 11, 25)
    with scopes_disabled():
        assert Policy.objects.get(community=world.community).history.latest().history_user == world.secretary


@pytest.mark.parametrize("days", [0, 31, "x"])
def test_a_deadline_out_of_range_is_refused(world, days):
    response = world.client("secretary").post(
        world.url("windows/settings/"), {"ticket_deadline_workdays": days}
    )
    assert response.status_code == 400
    with scopes_disabled():
        assert not Policy.objects.exists()


def test_only_the_leaders_change_the_settings(world):
    for who in ["supervisor", "window_manager", "inspector"]:
        assert (
            world.client(who)
            .post(world.url("windows/settings/"), {"ticket_deadline_workdays": 9})
            .status_code
            == 403
        )


def score_of(world, window, month):
    with scope(community=world.community.pk):
        return ranking.window_scores([window], month.start, month.end)[window.pk]


def step(world, who, ticket, name, data=None):
    return world.client(who).post(world.url(f"windows/tickets/{ticket.pk}/{name}/"), data or {})


def test_the_whole_loop_open_rectified_called_back_closed(world):
    rating = give_rating(world.units["window"], 2, phone="13800138000", comment="排队太久")
    ticket = ticket_for(rating)
    assert step(world, "window_manager", ticket, "rectify", {"rectification": "增开窗口"}).status_code == 302
    ticket = fresh(ticket)
    assert (ticket.status, ticket.rectified_by) == (TicketStatus.RECTIFIED, world.window_manager)
    assert step(world, "supervisor", ticket, "call-back", {"callback_result": "satisfied"}).status_code == 302
    assert fresh(ticket).status == TicketStatus.CALLED_BACK
    assert step(world, "supervisor", ticket, "close", {"note": "办结"}).status_code == 302
    ticket = fresh(ticket)
    assert (ticket.status, ticket.closed_by) == (TicketStatus.CLOSED, world.supervisor)
    assert ticket.rating.phone == ""  # kept only for the call-back
    with scopes_disabled():
        history = [(h.status, h.history_user) for h in ticket.history.order_by("history_id")]
    assert history == [
        (TicketStatus.OPEN, None),
        (TicketStatus.RECTIFIED, world.window_manager),
        (TicketStatus.CALLED_BACK, world.supervisor),
        (TicketStatus.CLOSED, world.supervisor),
    ]


def test_a_resident_still_dissatisfied_sends_it_back(world):
    ticket = ticket_for(give_rating(world.units["window"], 1))
    step(world, "window_manager", ticket, "rectify", {"rectification": "道歉"})
    step(world, "window_manager", ticket, "call-back", {"callback_result": "dissatisfied"})
    assert step(world, "office", ticket, "reopen", {"note": ""}).status_code == 400
    assert step(world, "office", ticket, "reopen", {"note": "职工仍不满意"}).status_code == 302
    ticket = fresh(ticket)
    assert (ticket.status, ticket.rectified_on) == (TicketStatus.OPEN, None)


def test_a_step_out_of_order_is_refused(world):
    ticket = ticket_for(give_rating(world.units["window"], 1))
    assert step(world, "supervisor", ticket, "close").status_code == 403
    assert step(world, "supervisor", ticket, "call-back", {"callback_result": "satisfied"}).status_code == 403
    assert fresh(ticket).status == TicketStatus.OPEN
    with scope(community=world.community.pk), pytest.raises(Exception, match="不能进行此操作"):
        services.ticket_close(ticket=ticket, actor=world.supervisor)


def test_bad_input_on_a_step_is_refused_in_chinese(world):
    ticket = ticket_for(give_rating(world.units["window"], 1))
    response = step(world, "window_manager", ticket, "rectify", {"rectification": ""})
    assert response.status_code == 400 and "尚未保存任何内容" in response.content.decode()
    step(world, "window_manager", ticket, "rectify", {"rectification": "x"})
    assert step(world, "window_manager", ticket, "call-back", {"callback_result": "great"}).status_code == 400
    assert fresh(ticket).status == TicketStatus.RECTIFIED


def test_a_window_manager_handles_its_own_windows_tickets_only(world):
    own = ticket_for(give_rating(world.units["window"], 1))
    other = ticket_for(give_rating(world.units["window2"], 1))
    client = world.client("window_manager")
    listing = client.get(world.url("windows/tickets/")).content.decode()
    assert own.number in listing and other.number not in listing
    assert client.get(world.url(f"windows/tickets/{other.pk}/")).status_code == 403
    assert step(world, "window_manager", other, "rectify", {"rectification": "x"}).status_code == 403
    assert fresh(other).status == TicketStatus.OPEN
    # Closing is for the department and unit that guarantee the window, not the window itself.
    step(world, "window_manager", own, "rectify", {"rectification": "x"})
    step(world, "window_manager", own, "call-back", {"callback_result": "satisfied"})
    assert step(world, "window_manager", own, "close").status_code == 403


def test_the_phone_is_masked_in_lists_and_shown_to_who_calls_back(world):
    ticket = ticket_for(give_rating(world.units["window"], 1, phone="13800138000"))
    listing = world.client("supervisor").get(world.url("windows/tickets/")).content.decode()
    assert "138****8000" in listing and "13800138000" not in listing
    detail = world.client("supervisor").get(world.url(f"windows/tickets/{ticket.pk}/")).content.decode()
    assert "tel:13800138000" in detail
    inspector = world.client("inspector").get(world.url(f"windows/tickets/{ticket.pk}/")).content.decode()
    assert "138****8000" in inspector and "13800138000" not in inspector


def test_the_overdue_filter_and_flag(world):
    old = ticket_for(give_rating(world.units["window"], 1, when=at(datetime.date(2026, 1, 5))))
    recent = give_rating(world.units["window"], 1)
    page = world.client("secretary").get(world.url("windows/tickets/?overdue=1")).content.decode()
    assert old.number in page and ticket_for(recent).number not in page
    assert "逾期" in page


def file_appeal(world, ticket, who="window_manager"):
    return step(world, who, ticket, "appeal", {"ground": "malicious", "statement": "该时段窗口未营业"})


def test_an_upheld_appeal_removes_the_rating_from_scores_and_keeps_the_decision(world):
    day = datetime.date(2026, 11, 10)
    for _i in range(9):
        give_rating(world.units["window"], 5, when=at(day))
    bad = give_rating(world.units["window"], 1, when=at(day), phone="13800138000")
    month = ranking.Month(2026, 11)
    before = score_of(world, world.units["window"], month)
    assert (before.total, before.satisfaction) == (10, 90)
    ticket = ticket_for(bad)
    assert file_appeal(world, ticket).status_code == 302
    assert fresh(ticket).status == TicketStatus.APPEALED
    response = step(
        world, "supervisor", ticket, "appeal/decide", {"decision": "1", "decision_note": "经查监控，属实"}
    )
    assert response.status_code == 302
    after = score_of(world, world.units["window"], month)
    assert (after.total, after.satisfaction) == (9, 100)
    ticket = fresh(ticket)
    assert ticket.status == TicketStatus.WITHDRAWN
    assert (ticket.rating.excluded, ticket.rating.phone) == (True, "")
    with scopes_disabled():
        appeal = Appeal.objects.get()
        assert (appeal.status, appeal.decided_by, appeal.decision_note) == (
            AppealStatus.UPHELD,
            world.supervisor,
            "经查监控，属实",
        )
        assert Rating.objects.filter(pk=bad.pk).exists()  # removed from scores, not deleted
        assert DailyRollup.objects.get(window=world.units["window"], day=day).counts == (0, 0, 0, 0, 9)
    page = world.client("window_manager").get(world.url(f"windows/tickets/{ticket.pk}/")).content.decode()
    assert "经查监控，属实" in page and "不计入成绩" in page


def test_a_rejected_appeal_sends_the_ticket_back_where_it_was(world):
    ticket = ticket_for(give_rating(world.units["window"], 1))
    step(world, "window_manager", ticket, "rectify", {"rectification": "x"})
    file_appeal(world, ticket)
    step(world, "secretary", ticket, "appeal/decide", {"decision": "0", "decision_note": "申诉不成立"})
    ticket = fresh(ticket)
    assert ticket.status == TicketStatus.RECTIFIED and not ticket.rating.excluded
    with scopes_disabled():
        assert Appeal.objects.get().status == AppealStatus.REJECTED


def test_the_appeal_is_decided_by_the_windows_supervising_unit_not_by_who_filed_it(world):
    ticket = ticket_for(give_rating(world.units["window"], 1))
    file_appeal(world, ticket, who="supervisor")  # the supervising unit itself filed
    decide = {"decision": "1", "decision_note": "x"}
    assert step(world, "supervisor", ticket, "appeal/decide", decide).status_code == 403
    for who in ["window_manager", "office", "inspector"]:
        assert step(world, who, ticket, "appeal/decide", decide).status_code == 403
    assert fresh(ticket).status == TicketStatus.APPEALED
    with scope(community=world.community.pk), pytest.raises(Exception, match="不能裁定"):
        services.appeal_decide(appeal=fresh(ticket).appeal, upheld=True, note="x", actor=world.supervisor)
    assert step(world, "secretary", ticket, "appeal/decide", decide).status_code == 302


def test_a_supervising_unit_decides_only_for_the_windows_it_guarantees(world):
    ticket = ticket_for(give_rating(world.units["window3"], 1))  # guaranteed by nobody
    file_appeal(world, ticket, who="secretary")
    assert (
        step(
            world, "supervisor", ticket, "appeal/decide", {"decision": "1", "decision_note": "x"}
        ).status_code
        == 403
    )


def test_an_appeal_needs_its_ground_and_statement_and_is_filed_once(world):
    ticket = ticket_for(give_rating(world.units["window"], 1))
    assert step(world, "window_manager", ticket, "appeal", {"ground": "because"}).status_code == 400
    file_appeal(world, ticket)
    assert file_appeal(world, ticket).status_code == 403
    with scopes_disabled():
        assert Appeal.objects.count() == 1


def test_a_ticket_under_appeal_is_not_overdue(world):
    ticket = ticket_for(give_rating(world.units["window"], 1, when=at(datetime.date(2026, 1, 5))))
    assert fresh(ticket).is_overdue()
    file_appeal(world, ticket)
    assert not fresh(ticket).is_overdue()


def test_a_ticket_rectified_after_its_deadline_stays_counted_late(world):
    ticket = ticket_for(give_rating(world.units["window"], 1, when=at(datetime.date(2026, 1, 5))))
    step(world, "window_manager", ticket, "rectify", {"rectification": "x"})
    ticket = fresh(ticket)
    assert ticket.status == TicketStatus.RECTIFIED and ticket.is_overdue()
    month = ranking.Month(2026, 1)
    assert score_of(world, world.units["window"], month).overdue == 1
