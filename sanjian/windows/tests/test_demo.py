"""The demo year of 阳邑社区's windows: tens of thousands of ratings with a lunch peak, exact
rollups, tickets in every state, monthly inspections, a window to be talked to."""

from __future__ import annotations

from collections import Counter

from django.utils import timezone

from sanjian.org.models import Unit
from sanjian.windows import ranking
from sanjian.windows.demo import comments_for
from sanjian.windows.models import Inspection, InspectionStatus, Rating, Ticket, TicketStatus
from sanjian.windows.rollups import rollups_rebuild


def test_a_year_of_ratings_for_the_22_windows(yangyi):
    assert Rating.objects.count() > 20_000
    assert Rating.objects.values("window").distinct().count() == 22
    first = Rating.objects.order_by("created_at").first().day
    assert (Rating.objects.order_by("-created_at").first().day - first).days >= 360


def test_the_canteen_peaks_at_lunch(yangyi):
    from django.utils import timezone

    window = Unit.objects.get(code="canteen-1")
    hours = Counter(
        timezone.localtime(t).hour
        for t in Rating.objects.filter(window=window).values_list("created_at", flat=True)
    )
    assert hours.most_common(1)[0][0] in (11, 12)


def test_the_demo_rollups_equal_a_rebuild(yangyi):
    assert rollups_rebuild(community=yangyi, fix=False) == []


def test_there_are_tickets_in_every_state(yangyi):
    states = set(Ticket.objects.values_list("status", flat=True))
    assert states == set(TicketStatus.values)
    assert Ticket.objects.filter(
        status=TicketStatus.OPEN, deadline__lt=ranking.Month.current().start
    ).exists() or any(t.is_overdue() for t in Ticket.objects.filter(status=TicketStatus.OPEN))


def test_a_closed_ticket_tells_its_steps_in_order(yangyi):
    closed = Ticket.objects.filter(status=TicketStatus.CLOSED, appeal__isnull=True)
    assert closed.exists()
    for ticket in closed[:50]:
        rows = list(ticket.history.order_by("history_date", "history_id"))
        assert [r.status for r in rows] == [
            TicketStatus.OPEN,
            TicketStatus.RECTIFIED,
            TicketStatus.CALLED_BACK,
            TicketStatus.CLOSED,
        ]
        assert rows[0].history_user is None  # opened by the bad rating itself
        assert rows[1].history_user == ticket.rectified_by
        assert rows[2].history_user == rows[3].history_user == ticket.closed_by
        assert rows[0].history_date <= rows[1].history_date <= rows[3].history_date <= timezone.now()
        assert rows[0].rectification == "" and rows[1].rectification == ticket.rectification


def test_every_window_is_inspected_every_month(yangyi):
    submitted = Inspection.objects.filter(status=InspectionStatus.SUBMITTED)
    months = Counter((i.window_id, i.inspected_on.replace(day=1)) for i in submitted)
    assert len({w for w, _m in months}) == 22 and max(months.values()) == 1
    assert len(months) >= 22 * 11
    assert Inspection.objects.filter(status=InspectionStatus.DRAFT).count() == 1
    assert submitted.filter(vetoed=True).exists()


def test_each_comment_fits_the_window_it_was_written_about(yangyi):
    rated = Rating.objects.exclude(comment="").select_related("window__parent")
    assert rated.exists()
    for rating in rated:
        fits = comments_for(rating.window.code, rating.window.parent.code, rating.reason)
        assert rating.comment in fits, (rating.window.name, rating.comment)
    laundry = set(rated.filter(window__name="洗衣房").values_list("comment", flat=True))
    bathhouse = set(rated.filter(window__name="浴池服务窗口").values_list("comment", flat=True))
    assert "取药等了半小时" not in laundry and "菜有点咸" not in bathhouse


def test_the_laundry_is_flagged_for_a_talk(yangyi):
    rows = ranking.community_ranking(ranking.Month.current().previous())
    flagged = [r.window.name for r in rows if r.talk]
    assert flagged == ["洗衣房"]
