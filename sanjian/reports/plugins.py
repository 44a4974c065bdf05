"""What the reports app plugs into the shared registries (``lib.registries``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries as r


def register() -> None:
    r.navigation.register(
        r.NavItem(
            "reports", _("Dashboard"), "reports:dashboard", "org.view", 10, _("The community at a glance.")
        )
    )
