from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from sanjian.lib.demo import DEMO_LOGINS, DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins that load_demo created on this machine."

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate(settings.LANGUAGE_CODE)
        present = set(
            get_user_model().objects.filter(username__in=DEMO_LOGINS).values_list("username", flat=True)
        )
        if not present:
            self.stdout.write(_("No demo logins here: run `manage.py load_demo` first."))
            return
        self.stdout.write(_("Demo logins (password for all: %(password)s):") % {"password": DEMO_PASSWORD})
        for username, (_role, purpose) in DEMO_LOGINS.items():
            if username in present:
                self.stdout.write(f"  {username:<11} {purpose}")
