"""``manage.py partitions``: the coming months' partitions, and old months detached and archived."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sanjian.lib import partitions


class Command(BaseCommand):
    help = (
        "Create the monthly partitions of the append-only tables ahead of time, and detach (archive, "
        "drop) the months before a date. PostgreSQL only. Run it monthly (cron, systemd timer)."
    )

    def add_arguments(self, parser) -> None:  # noqa: ANN001 - argparse
        parser.add_argument("--ahead", type=int, default=3, help="months after this one to create (3)")
        parser.add_argument("--detach-before", metavar="YYYY-MM", help="detach every month before this one")
        parser.add_argument(
            "--archive", metavar="DIR", type=Path, help="write each detached month as DIR/<name>.csv.gz"
        )
        parser.add_argument("--drop", action="store_true", help="drop each detached month (after --archive)")
        parser.add_argument("--table", action="append", help="only these tables (default: all)")

    def handle(
        self,
        *args,
        ahead: int,
        detach_before: str | None,
        archive: Path | None,
        drop: bool,
        table: list[str] | None,
        **options,
    ) -> None:
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: tables are partitioned on PostgreSQL only.")
            return
        before = None
        if detach_before:
            try:
                before = datetime.date.fromisoformat(f"{detach_before}-01")
            except ValueError:
                raise CommandError(f"--detach-before wants YYYY-MM, not {detach_before!r}") from None
        if drop and archive is None:
            raise CommandError("--drop deletes the month's rows: give --archive DIR with it")
        for spec in partitions.PARTITIONED:
            if table and spec.table not in table:
                continue
            if not partitions.is_partitioned(spec.table):
                self.stdout.write(f"{spec.table}: not partitioned (migrations not applied?)")
                continue
            created = partitions.create_ahead(spec.table, ahead)
            self.stdout.write(f"{spec.table}: created {', '.join(created) or 'nothing (all there)'}")
            if before:
                detached = partitions.detach_before(spec.table, before, archive_dir=archive, drop=drop)
                verb = (
                    "archived and dropped" if drop else ("detached and archived" if archive else "detached")
                )
                self.stdout.write(f"{spec.table}: {verb} {', '.join(detached) or 'nothing'}")
