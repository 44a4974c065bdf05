"""The company overview, read from the apps' selectors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from sanjian.org import selectors as org
from sanjian.org.models import RuleDocument, Unit
from sanjian.tenancy.models import Community, Company


@dataclass
class CommunityFigures:
    community: Community
    units: dict[str, int]
    branches_meeting: int
    branches: int
    documents: int
    unlinked_windows: int

    @property
    def standard_share(self) -> float | None:
        return self.branches_meeting / self.branches if self.branches else None


def company_overview(*, company: Company, year: int) -> list[CommunityFigures]:
    """One row per community of ``company``; call with the company's communities in scope."""
    communities = list(company.communities.filter(is_active=True))
    units: dict[int, Counter] = {c.pk: Counter() for c in communities}
    for community_id, kind, n in (
        Unit.objects.filter(is_active=True).values_list("community_id", "kind").annotate(n=Count("pk"))
    ):
        units[community_id][kind] = n
    docs = dict(
        RuleDocument.objects.filter(is_current=True).values_list("community_id").annotate(n=Count("pk"))
    )
    unlinked = dict(org.windows_without_linkage().values_list("community_id").annotate(n=Count("pk")))
    shares = org.standard_share_by_community(year=year)
    return [
        CommunityFigures(
            community=c,
            units=dict(units[c.pk]),
            branches_meeting=shares.get(c.pk, (0, 0))[0],
            branches=shares.get(c.pk, (0, 0))[1],
            documents=docs.get(c.pk, 0),
            unlinked_windows=unlinked.get(c.pk, 0),
        )
        for c in communities
    ]
