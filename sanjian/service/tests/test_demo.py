"""The demo year of 阳邑社区's civilised services: coherent records made through the services."""

from __future__ import annotations

import datetime

from django_scopes import scope, scopes_disabled

from sanjian.service import selectors
from sanjian.service.models import Competition, Dish, Inspection, RoundStatus, ThemedMonth
from sanjian.service.services import redflag


def test_yangyis_apartments_win_the_red_flag_several_months(yangyi):
    with scopes_disabled():
        competition = Competition.objects.get(name__startswith="优质服务流动红旗")
        confirmed = competition.rounds.filter(status=RoundStatus.CONFIRMED).count()
    with scope(community=yangyi.pk):
        awards = selectors.flag_awards(yangyi, datetime.date(2026, 1, 1), datetime.date(2026, 10, 31))
    assert confirmed == 10
    assert 5 <= len(awards) < 10  # many months, not every month
    assert {a.unit for a in awards} == {"职工公寓"}
    with scope(community=redflag.communities_of(competition)):
        history = {r["entrant"].community_id: r["text"] for r in selectors.flags_by_unit(competition)}
    assert history[yangyi.pk] == f"1–10月：获得{len(awards)}次"


def test_a_year_of_inspections_with_attendants_and_a_themed_month(yangyi):
    with scope(community=yangyi.pk):
        floor_inspections = Inspection.objects.filter(floor__isnull=False)
        assert floor_inspections.filter(inspected_on__month=1).exists()
        assert not floor_inspections.filter(attendant__isnull=True).exists()
        figures = selectors.headline(yangyi, datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
        assert figures["inspections"] > 200 and 90 < figures["average_inspection_score"] <= 100
        assert 0 < figures["occupied_beds"] < figures["beds"]
        assert figures["cleaned_area_m2"] > 30000 and figures["dishes"] >= 40 and figures["banquets"] >= 10
        theme = ThemedMonth.objects.get(name="药膳宣传月")
        assert Dish.objects.filter(theme=theme).count() == 4
