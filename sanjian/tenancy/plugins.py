"""What the tenancy app plugs in at start-up."""

from __future__ import annotations

from sanjian.lib import memo
from sanjian.tenancy.models import Community, Company


def register() -> None:
    # Every request resolves its community from the memo (selectors.community_for_slug):
    # a change of a community or company drops it in every process.
    memo.watch(Community, Company)
