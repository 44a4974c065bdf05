"""The demo community, built by ``manage.py load_demo`` from every app's ``demo.load``.

Each app that has demo records provides ``<app>/demo.py`` with ``load(ctx: DemoContext)``; they
run in INSTALLED_APPS order, so an app finds what the apps it builds on have made. Every
loader must be idempotent: it looks records up by their natural keys and creates only what is
missing, so that a second run changes nothing (not even history).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _

DEMO_PASSWORD = "sanjian-demo"

#: username → (role, what the login is for); the order in which logins are printed.
DEMO_LOGINS: dict[str, tuple[str, Any]] = {
    "company": ("company_admin", _("Company community party committee: sees every community")),
    "secretary": ("secretary", _("Secretary of the Yangyi party general branch: runs the three platforms")),
    "office": ("office", _("Office department staff: co-manages the canteen windows")),
    "supervisor": ("supervisor", _("Supervising unit staff: the catering centre")),
    "window": (
        "window_manager",
        _("Manager of canteen meal window no. 1, secretary of the catering branch (branch committee)"),
    ),
    "inspector": ("inspector", _("Inspector of the community")),
    "member": ("party_member", _("Plain party member of the catering branch: her own page")),
    "doctor": ("medical", _("Medical staff of the community hospital")),
    "medlead": ("medical_lead", _("Medical lead: the log of archive reads, exports of health data")),
    "outsider": ("secretary", _("Secretary of another community: sees nothing of Yangyi")),
}


@dataclass
class DemoContext:
    """What the loaders share: the company, the communities and the demo users by username."""

    company: Any = None
    community: Any = None
    other_community: Any = None
    users: dict[str, AbstractBaseUser] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
