"""What the tenancy app plugs in at start-up."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sanjian.lib import memo
from sanjian.lib import registries as r
from sanjian.lib.persondata import nothing_to_replace
from sanjian.tenancy import rights
from sanjian.tenancy.models import Community, Company


def register() -> None:
    # Every request resolves its community from the memo (selectors.community_for_slug):
    # a change of a community or company drops it in every process.
    memo.watch(Community, Company)
    r.person_data.register(
        r.PersonData("tenancy.reads", _("Log of reads"), rights.reads_export, nothing_to_replace, order=90)
    )
