from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django_scopes import scopes_disabled

from sanjian.lib.demo import DemoContext


def _loaders() -> list[tuple[str, Callable[[DemoContext], None]]]:
    """Each app's ``demo.load`` by app label, in INSTALLED_APPS order (an app builds on those before it)."""
    found = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.demo"
        if config.name.startswith("sanjian.") and find_spec(module_name) is not None:
            module = import_module(module_name)
            if hasattr(module, "load"):
                found.append((config.label, module.load))
    return found


class Command(BaseCommand):
    help = "Create (or complete) the demo company, its communities and one login per role. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--through",
            metavar="APP",
            help="Stop after this app's records (e.g. members: the organisation and the people, in "
            "seconds rather than a minute), for a browser test or work on the first apps.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        loaders = _loaders()
        through = options["through"]
        if through is not None:
            labels = [label for label, _ in loaders]
            if through not in labels:
                raise CommandError(f"--through: one of {', '.join(labels)}")
            loaders = loaders[: labels.index(through) + 1]
        ctx = DemoContext()
        with scopes_disabled(), transaction.atomic():
            for label, load in loaders:
                load(ctx)
                if options["verbosity"] > 1:
                    self.stdout.write(f"loaded {label}")
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"demo ready: {ctx.community} and {ctx.other_community}"))
