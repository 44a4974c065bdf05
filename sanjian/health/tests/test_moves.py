"""An archive follows its person to another community, with its read log; and the indicator."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django_scopes import scope, scopes_disabled

from sanjian.health import indicators
from sanjian.health.models import FollowUpPlan, HealthArchive, PlanStatus, Visit, VisitMethod
from sanjian.health.services import plans as plan_services
from sanjian.health.services.moves import archive_follows_person
from sanjian.health.services.visits import visit_record
from sanjian.tenancy.selectors import reads_of
from sanjian.tenancy.services import record_read

D = datetime.date


def test_the_archive_moves_with_its_plans_visits_history_and_read_log(med):
    archive = med.archive("hypertension", "pneumoconiosis", opened_on=D(2024, 1, 1))
    target = med.world.neighbour_community
    with scope(community=med.world.community.pk):
        visit_record(archive=archive, date=D(2024, 2, 1), method=VisitMethod.CLINIC, actor=med.doctor)
        record_read(community=med.world.community, record=archive, actor=med.doctor)
    with scopes_disabled():
        person = archive.person
        archive_follows_person(
            person=person, source=med.world.community, target=target, actor=med.lead, reason="调动"
        )
    with scope(community=med.world.community.pk):
        assert not HealthArchive.objects.exists() and not Visit.objects.exists()
    with scope(community=target.pk):
        moved = HealthArchive.objects.get()
        assert moved.doctor is None
        assert sorted(d.condition.code for d in moved.diagnoses.all()) == ["hypertension", "pneumoconiosis"]
        assert {d.condition.community_id for d in moved.diagnoses.all()} == {target.pk}
        assert Visit.objects.filter(archive=moved).count() == 1
        open_plans = FollowUpPlan.objects.filter(archive=moved, status=PlanStatus.OPEN)
        assert open_plans.exists() and {p.doctor_id for p in open_plans} == {None}
        assert reads_of(moved).count() == 1
        assert moved.history.count() >= 2 and moved.history.first().history_change_reason == "调动"


def test_the_on_time_rate_indicator_per_network_and_for_the_community(med):
    network = med.world.units["network"]
    with scopes_disabled():
        from sanjian.tenancy.models import Membership

        Membership.objects.filter(user=med.doctor).update(unit=network)
    archive = med.archive("hypertension", opened_on=D(2024, 1, 1))
    with scope(community=med.world.community.pk):
        plan_services.plans_generate(archive=archive, year=2024, actor=med.doctor)
        visit_record(archive=archive, date=D(2024, 3, 1), method=VisitMethod.CLINIC, actor=med.doctor)
        values = indicators.on_time_rate([network, med.world.units["general"]], D(2024, 1, 1), D(2024, 6, 30))
        # due by 30 June: Q1 (on time) and Q2 (missed)
        assert values == {network.pk: Decimal("50.0"), med.world.units["general"].pk: Decimal("50.0")}
        assert indicators.on_time_rate([network], D(2023, 1, 1), D(2023, 12, 31)) == {network.pk: None}
