"""Reads of the organisation. Call them inside the request's community scope."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from sanjian.org.models import BranchCheck, Linkage, RuleDocument, StandardItem, Unit, UnitKind


def unit_reach(unit: Unit) -> frozenset[int]:
    """The units a role tied to ``unit`` acts on: itself, everything under it and, for an office
    department or a supervising unit, the windows it guarantees (保包)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Unit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    reach, todo = set(), [unit.pk]
    while todo:
        pk = todo.pop()
        if pk not in reach:
            reach.add(pk)
            todo.extend(children.get(pk, ()))
    if unit.kind in (UnitKind.OFFICE, UnitKind.SUPERVISOR):
        guaranteed = Linkage.objects.filter(Q(office__in=reach) | Q(supervisor__in=reach))
        reach.update(guaranteed.values_list("window_id", flat=True))
    return frozenset(reach)


@dataclass
class TreeNode:
    unit: Unit
    children: list[TreeNode]


def unit_tree() -> dict[str, list[TreeNode]]:
    """Every unit, as a forest per kind of its root, in one query."""
    units = list(Unit.objects.order_by("sort_order", "name"))
    nodes = {u.pk: TreeNode(u, []) for u in units}
    roots: dict[str, list[TreeNode]] = {kind: [] for kind in UnitKind.values}
    for unit in units:
        if unit.parent_id in nodes:
            nodes[unit.parent_id].children.append(nodes[unit.pk])
        else:
            roots[unit.kind].append(nodes[unit.pk])
    return roots


def unit_counts() -> dict[str, int]:
    counts = dict(Unit.objects.filter(is_active=True).values_list("kind").annotate(n=Count("pk")))
    return {kind: counts.get(kind, 0) for kind in UnitKind.values}


def window_list() -> QuerySet[Unit]:
    """Service windows with their network and linkage, for lists and boards."""
    return (
        Unit.objects.filter(kind=UnitKind.WINDOW)
        .select_related("parent", "linkage__office", "linkage__supervisor")
        .order_by("parent__sort_order", "sort_order", "name")
    )


def windows_without_linkage() -> QuerySet[Unit]:
    return Unit.objects.filter(kind=UnitKind.WINDOW, is_active=True, linkage__isnull=True)


def document_list(*, current_only: bool = False, category: str = "") -> QuerySet[RuleDocument]:
    qs = RuleDocument.objects.all()
    if current_only:
        qs = qs.filter(is_current=True)
    if category:
        qs = qs.filter(category=category)
    return qs


@dataclass
class BranchStanding:
    branch: Unit
    met: set[int]
    item_count: int

    @property
    def met_count(self) -> int:
        return len(self.met)

    @property
    def meets_standard(self) -> bool:
        return self.item_count > 0 and self.met_count == self.item_count


@dataclass
class StandardSummary:
    year: int
    items: list[StandardItem]
    branches: list[BranchStanding]

    @property
    def meeting_count(self) -> int:
        return sum(1 for b in self.branches if b.meets_standard)

    @property
    def share(self) -> float | None:
        """The share of branches meeting the standard (0..1), or None without branches."""
        return self.meeting_count / len(self.branches) if self.branches else None


def standard_summary(*, year: int) -> StandardSummary:
    """Each active branch's standing against the active checklist of ``year``, in three queries."""
    items = list(StandardItem.objects.filter(is_active=True))
    branches = list(Unit.objects.filter(kind=UnitKind.BRANCH, is_active=True).order_by("sort_order", "name"))
    met: dict[int, set[int]] = {b.pk: set() for b in branches}
    checks = BranchCheck.objects.filter(year=year, met=True, item__is_active=True)
    for branch_id, item_id in checks.values_list("branch_id", "item_id"):
        if branch_id in met:
            met[branch_id].add(item_id)
    standings = [BranchStanding(b, met[b.pk], len(items)) for b in branches]
    return StandardSummary(year=year, items=items, branches=standings)


def standard_share_by_community(*, year: int) -> dict[int, tuple[int, int]]:
    """For every community in scope: (branches meeting the standard, branches), in three queries."""
    items: dict[int, int] = dict(
        StandardItem.objects.filter(is_active=True).values_list("community_id").annotate(n=Count("pk"))
    )
    branches = Unit.objects.filter(kind=UnitKind.BRANCH, is_active=True)
    totals: dict[int, int] = dict(branches.values_list("community_id").annotate(n=Count("pk")))
    met_per_branch = (
        BranchCheck.objects.filter(year=year, met=True, item__is_active=True, branch__in=branches)
        .values_list("community_id", "branch_id")
        .annotate(n=Count("pk"))
    )
    meeting: dict[int, int] = {}
    for community_id, _branch_id, n in met_per_branch:
        if items.get(community_id) and n == items[community_id]:
            meeting[community_id] = meeting.get(community_id, 0) + 1
    return {cid: (meeting.get(cid, 0), total) for cid, total in totals.items()}


def windows_per_network() -> list[tuple[str, int]]:
    """(network name, active windows) for every active service network, in order."""
    networks = (
        Unit.objects.filter(kind=UnitKind.NETWORK, is_active=True)
        .annotate(
            windows=Count("children", filter=Q(children__kind=UnitKind.WINDOW, children__is_active=True))
        )
        .order_by("sort_order", "name")
    )
    return [(n.name, n.windows) for n in networks]


def headline(community: object, start: datetime.date, end: datetime.date) -> dict[str, object]:
    """The organisation's figures for the reports: active units by kind and the branches meeting
    the standardisation checklist of the period's last year. Runs in the caller's scope."""
    counts = unit_counts()
    standard = standard_summary(year=end.year)
    return {
        "branches": counts[UnitKind.BRANCH],
        "branches_meeting": standard.meeting_count,
        "standard_share": standard.share,
        "windows": counts[UnitKind.WINDOW],
        "networks": counts[UnitKind.NETWORK],
        "documents": RuleDocument.objects.filter(is_current=True).count(),
    }


def compared_by_community(
    community_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, dict[str, object]]:
    """``headline``'s ``branches_meeting`` for every community of ``community_ids`` (all in
    scope), in the three queries of ``standard_share_by_community``: the company page."""
    shares = standard_share_by_community(year=end.year)
    return {cid: {"branches_meeting": shares.get(cid, (0, 0))[0]} for cid in community_ids}
