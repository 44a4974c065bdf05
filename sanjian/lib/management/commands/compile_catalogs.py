"""Compile every .po catalogue of the project into its .mo, in pure Python.

Django's compilemessages needs GNU gettext's msgfmt, which a fresh machine may not have; the
catalogues are ours alone, so polib does the same job with no system package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po → .mo) without GNU gettext."

    def handle(self, *args: Any, **options: Any) -> None:
        compiled = 0
        for po_path in sorted((Path(settings.BASE_DIR) / "sanjian").glob("*/locale/*/LC_MESSAGES/*.po")):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
            compiled += 1
        if compiled and options["verbosity"] > 0:
            self.stdout.write(f"compiled {compiled} catalogue(s)")
