"""``manage.py health_plans --community yangyi --year 2027``: make a year's follow-up plans for
every archive under management, as the December task does. Running it twice makes nothing new."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django_scopes import scope

from sanjian.health.services.plans import plans_generate_year
from sanjian.health.tasks import plan_year, plans_generate_everywhere
from sanjian.tenancy.models import Community


class Command(BaseCommand):
    help = "Make the follow-up plans of a year for every managed health archive (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", help="the community's slug; every community when left out")
        parser.add_argument("--year", type=int, help="the year; next year in December, else this year")

    def handle(self, *args: object, **options: object) -> None:
        year = options["year"] or plan_year(timezone.localdate())
        if not 2000 <= year <= 2100:
            raise CommandError("--year is a year between 2000 and 2100")
        if options["community"]:
            community = Community.objects.filter(slug=options["community"]).first()
            if community is None:
                raise CommandError(f"no community {options['community']!r}")
            with scope(community=community.pk):
                made = {community.slug: plans_generate_year(community=community, year=year, actor=None)}
        else:
            made = plans_generate_everywhere(year=year)
        for slug, count in made.items():
            self.stdout.write(f"{slug}: {count} follow-up plans made for {year}")
