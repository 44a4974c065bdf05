from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scopes_disabled

from sanjian.lib.demo import DemoContext


class Command(BaseCommand):
    help = "Create (or complete) the demo company, its communities and one login per role. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        ctx = DemoContext()
        with scopes_disabled(), transaction.atomic():
            for config in apps.get_app_configs():
                module_name = f"{config.name}.demo"
                if config.name.startswith("sanjian.") and find_spec(module_name) is not None:
                    module = import_module(module_name)
                    if hasattr(module, "load"):
                        module.load(ctx)
                        if options["verbosity"] > 1:
                            self.stdout.write(f"loaded {module_name}")
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"demo ready: {ctx.community} and {ctx.other_community}"))
