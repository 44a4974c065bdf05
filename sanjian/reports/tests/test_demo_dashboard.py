"""On the demo: the company page's figures, computed once for all communities, equal each
community's own headline; the number of queries does not grow with the communities; and the
dashboard's monthly hours equal a query of their own."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from sanjian.dedication import selectors as dedication
from sanjian.dedication.models import HourLog, LogStatus
from sanjian.lib.dates import Month
from sanjian.reports import dashboard
from sanjian.reports.figures import collect
from sanjian.testing.demo import demo  # noqa: F401

pytestmark = pytest.mark.django_db


def this_year() -> tuple:
    last = Month.current().previous()
    return Month(last.year, 1).start, last.end


def test_the_company_figures_equal_each_communitys_own_headline(demo):  # noqa: F811
    with scopes_disabled():
        communities = list(demo.community.company.communities.filter(is_active=True).order_by("pk"))
    start, end = this_year()
    grouped = dashboard.compared_figures(communities, start, end)
    for community in communities:
        own = collect(community, start, end)
        assert {a: grouped[community].get(a) for a in dashboard.COMPARED} == {
            a: own.get(a) for a in dashboard.COMPARED
        }, community.slug
    # The demo gives 阳邑社区 something to compare in every figure but the one it may lack.
    yangyi = grouped[demo.community]
    assert yangyi.get("windows.ratings") > 0 and yangyi.get("dedication.hours") > 0
    assert yangyi.get("members.party_members") > 0 and yangyi.get("service.flags_won") > 0


def test_the_company_figures_take_as_many_queries_for_two_communities_as_for_one(demo):  # noqa: F811
    start, end = this_year()
    with CaptureQueriesContext(connection) as one:
        dashboard.compared_figures([demo.community], start, end)
    with CaptureQueriesContext(connection) as two:
        dashboard.compared_figures([demo.community, demo.other_community], start, end)
    assert len(two.captured_queries) == len(one.captured_queries) <= 12


def test_the_monthly_hours_equal_a_query_of_their_own(demo):  # noqa: F811
    start, end = this_year()
    expected: dict[Month, int] = {}
    with scope(community=demo.community.pk):
        logs = HourLog.objects.filter(status=LogStatus.VERIFIED, worked_on__range=(start, end))
        for worked_on, minutes in logs.values_list("worked_on", "minutes"):
            expected[Month.of(worked_on)] = expected.get(Month.of(worked_on), 0) + minutes
        assert dedication.monthly_minutes(start, end) == expected
    assert sum(expected.values()) > 0
