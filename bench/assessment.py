"""Benchmark: compute and publish a month for many communities at once.

    .venv/bin/python bench/assessment.py               # SQLite, in a temporary folder
    .venv/bin/python bench/assessment.py --postgres    # PostgreSQL, database sanjian_assessment_bench
    .venv/bin/python bench/assessment.py --communities 10 --units 60 --indicators 20

Builds N communities of U assessed units (6 branches, 6 offices, 8 supervising units, the rest
windows, in that proportion) with a template of I indicators per kind (manual values, deductions
per occurrence, the cost-variance source and a fake automatic source), opens a month in each
(letters from the templates), enters a value or occurrences on every manual item and actual
costs, then times closing (computing), reviewing and publishing every community's month (one
transaction per community), and counts the queries. It then repeats the timed part for single communities of growing size to
show that the query count does not follow the number of units.

The PostgreSQL database is dropped and created afresh (``--postgres``, or ``BENCH_DATABASE_URL``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.common import Counter, fresh_database  # noqa: E402  (after the path is set)

PG_URL = "postgres://postgres@127.0.0.1:5432/sanjian_assessment_bench"


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--communities", type=int, default=100)
    parser.add_argument("--units", type=int, default=60)
    parser.add_argument("--indicators", type=int, default=20)
    parser.add_argument("--postgres", action="store_true", help=f"run on {PG_URL}")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    where = fresh_database(PG_URL if args.postgres else "")
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanjian.settings")
    django.setup()
    from django.core.management import call_command

    print(f"database: {where}")
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    world = Builder(args.indicators)
    started = time.perf_counter()
    communities = [world.community(f"bench-{n}", args.units) for n in range(args.communities)]
    print(
        f"set-up: {len(communities)} communities × {args.units} units × {args.indicators} indicators "
        f"(letters, entries, costs) in {time.perf_counter() - started:.1f} s"
    )
    seconds, queries, per_community = publish_all(communities)
    print(
        f"compute and publish: {seconds:.2f} s, {queries} queries "
        f"({min(per_community)}–{max(per_community)} per community), "
        f"{len(communities) * args.units * args.indicators} result lines"
    )
    print("one community of growing size (queries do not follow the number of units):")
    for units in (15, 60, 240):
        community = world.community(f"size-{units}", units)
        seconds, queries, _ = publish_all([community])
        print(f"  {units:4d} units: {queries} queries, {seconds:.3f} s")


def publish_all(communities: list) -> tuple[float, int, list[int]]:
    from django.db import connection, transaction
    from django_scopes import scope

    from sanjian.assessment import services

    per_community = []
    started = time.perf_counter()
    for community, period, actor in communities:
        counter = Counter()
        # One transaction per community, as a batch job closing a company's month would run it
        # (one commit instead of three; each service is atomic on its own too).
        with connection.execute_wrapper(counter), scope(community=community.pk), transaction.atomic():
            services.period_close(period=period, actor=actor)
            services.period_review(period=period, actor=actor)
            services.period_publish(period=period, actor=actor)
        per_community.append(counter.count)
    return time.perf_counter() - started, sum(per_community), per_community


class Builder:
    """Builds communities fast (bulk inserts), the month opened through the real service."""

    def __init__(self, indicators: int) -> None:
        from django.contrib.auth import get_user_model

        from sanjian.lib.registries import IndicatorSource, indicator_sources
        from sanjian.tenancy.models import Company

        self.indicators = indicators
        self.company = Company.objects.create(name="基准测试集团", slug="bench")
        self.actor = get_user_model().objects.create(username="bench-secretary")
        # A fake automatic source, as another app would register: one query-free answer per unit.
        indicator_sources.register(
            IndicatorSource(
                "bench.attendance",
                "x",
                "%",
                frozenset({"window", "office", "supervisor", "branch"}),
                lambda units, start, end: {u.pk: Decimal(90 + u.pk % 10) for u in units},
            )
        )

    def community(self, slug: str, units: int) -> tuple:
        from django_scopes import scope

        from sanjian.assessment import services
        from sanjian.tenancy.models import Community

        community = Community.objects.create(company=self.company, name=slug, slug=slug)
        with scope(community=community.pk):
            unit_list = self._units(community, units)
            self._library(community)
            period = services.period_open(
                community=community, kind="month", year=2026, number=3, actor=self.actor
            )
            self._entries(community, period)
            self._costs(community, period, unit_list)
        return community, period, self.actor

    def _units(self, community, count: int) -> list:
        from sanjian.org.models import Unit

        network = Unit.objects.create(
            community=community, kind="network", name="网点", code="n", network_type="canteen"
        )
        kinds = ["branch"] * 6 + ["office"] * 6 + ["supervisor"] * 8 + ["window"] * 40
        units = [
            Unit(
                community=community,
                kind=kinds[i * len(kinds) // count],
                name=f"单位{i}",
                code=f"u{i}",
                parent=network if kinds[i * len(kinds) // count] == "window" else None,
            )
            for i in range(count)
        ]
        return Unit.objects.bulk_create(units)

    def _library(self, community) -> None:
        from sanjian.assessment.models import ASSESSED_KINDS, Indicator, Template, TemplateItem

        specs = []
        for i in range(self.indicators):
            if i == 0:
                spec = {"rule": "linear", "floor": 10, "target": 0, "higher_is_better": False}
                spec["source_key"] = "assessment.cost_variance"
            elif i == 1:
                spec = {
                    "rule": "bands",
                    "bands": [["95", "100"], ["90", "80"]],
                    "source_key": "bench.attendance",
                }
            elif i % 4 == 0:
                spec = {"rule": "deduction", "per_occurrence": 2, "cap": 5}
            elif i % 4 == 1:
                spec = {"rule": "bands", "bands": [["95", "100"], ["90", "80"], ["80", "50"]]}
            else:
                spec = {"rule": "linear", "floor": 60, "target": 100}
            spec = {k: Decimal(v) if type(v) is int else v for k, v in spec.items()}
            specs.append(
                Indicator(community=community, code=f"i{i}", name=f"指标{i}", category="standard", **spec)
            )
        indicators = Indicator.objects.bulk_create(specs)
        weights = [Decimal(100) / self.indicators] * self.indicators
        weights[-1] = Decimal(100) - sum(weights[:-1])
        for kind in ASSESSED_KINDS:
            template = Template.objects.create(community=community, unit_kind=kind, name=kind)
            TemplateItem.objects.bulk_create(
                TemplateItem(
                    community=community, template=template, indicator=indicator, weight=weight, sort_order=n
                )
                for n, (indicator, weight) in enumerate(zip(indicators, weights, strict=True))
            )

    def _entries(self, community, period) -> None:
        from sanjian.assessment.models import Entry, LetterItem

        entries = []
        for n, item in enumerate(
            LetterItem.objects.filter(letter__period=period).select_related("indicator")
        ):
            if item.indicator.source_key:
                continue
            if item.rule == "deduction":
                if n % 3:
                    continue
                kind, amount = "occurrence", Decimal(1 + n % 2)
            else:
                kind, amount = "value", Decimal(80 + n % 20)
            entries.append(
                Entry(
                    community=community,
                    item=item,
                    kind=kind,
                    amount=amount,
                    reason="月度检查",
                    entered_by=self.actor,
                )
            )
        Entry.objects.bulk_create(entries)

    def _costs(self, community, period, units: list) -> None:
        from sanjian.assessment.models import CostItem

        CostItem.objects.bulk_create(
            CostItem(
                community=community,
                period=period,
                unit=unit,
                name=name,
                quota=Decimal(1000),
                actual=Decimal(950 + (unit.pk * 7 + k * 13) % 120),
            )
            for unit in units
            for k, name in enumerate(["材料费", "水电费"])
        )


if __name__ == "__main__":
    main()
