from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scope

from sanjian.tenancy.models import Community
from sanjian.windows.rollups import rollups_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the windows' daily rating rollups from the ratings, report every difference and "
        "write the ratings' truth (or, with --check, only report and fail on a difference)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--community", help="the community's short name (all communities by default)")
        parser.add_argument(
            "--check", action="store_true", help="report differences, change nothing, exit 1 on any"
        )
        parser.add_argument("--show", type=int, default=20, help="how many differences to list per community")

    def handle(self, *args: Any, **options: Any) -> None:
        communities = Community.objects.order_by("pk")
        if options["community"]:
            communities = communities.filter(slug=options["community"])
            if not communities.exists():
                raise CommandError(f"no community {options['community']!r}")
        total = 0
        for community in communities:
            with scope(community=community.pk):
                differences = rollups_rebuild(community=community, fix=not options["check"])
            total += len(differences)
            self.stdout.write(f"{community.slug}: {len(differences)} difference(s)")
            for diff in differences[: options["show"]]:
                self.stdout.write(
                    f"  window {diff.window_id} {diff.day}: stored {list(diff.stored)}, ratings {list(diff.actual)}"
                )
        if options["check"] and total:
            raise CommandError(f"{total} rollup row(s) differ from the ratings")
        if total:
            self.stdout.write(self.style.SUCCESS(f"fixed {total} rollup row(s)"))
