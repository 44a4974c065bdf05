from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from sanjian.lib.backup import backup_create


class Command(BaseCommand):
    help = (
        "Write a consistent archive of the database and the uploaded files (while the app runs): "
        "manage.py backup [-o FILE]; by default var/backups/sanjian-<time>.tar.gz."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("-o", "--output", help="the archive to write (.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        default = Path(settings.DATA_DIR) / "backups" / f"sanjian-{stamp}.tar.gz"
        target = Path(options["output"] or default)
        manifest = backup_create(target)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(f"{target}: {len(manifest['tables'])} tables, {rows} rows ({manifest['engine']})")
