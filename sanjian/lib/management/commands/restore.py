from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sanjian.lib.backup import backup_restore


class Command(BaseCommand):
    help = (
        "Bring back a backup made by manage.py backup, replacing the database and the uploaded files, "
        "and check every table against the backup's manifest. Stop the app first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask before replacing the data")

    def handle(self, *args: Any, **options: Any) -> None:
        if (
            not options["yes"]
            and input("Replace this installation's data with the backup? [y/N] ").lower() != "y"
        ):
            raise CommandError("nothing restored")
        try:
            manifest = backup_restore(options["archive"])
        except (ValueError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restored the backup of {manifest['created_at']}: every table matches its manifest"
        )
