"""Relationship transfers: the lists of both sides, the request, the two approvals."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanjian.lib.excel import Column
from sanjian.lib.views import button_action, form_page, list_page
from sanjian.members import selectors
from sanjian.members.access import committee_branch_ids, require_branch, works_for_branch
from sanjian.members.forms import RejectForm, TransferForm
from sanjian.members.models import PartyMember, Transfer, TransferStatus
from sanjian.members.services import transfers as service
from sanjian.tenancy.access import community_url, community_view


def _sides(request: HttpRequest, transfer: Transfer) -> set[str]:
    """The sides of ``transfer`` the user may act for, from the community of this request."""
    sides = set()
    if transfer.community_id == request.community.pk and works_for_branch(request, transfer.from_branch):
        sides.add(service.SENDER)
    if transfer.to_community_id == request.community.pk and works_for_branch(request, transfer.to_branch):
        sides.add(service.RECEIVER)
    return sides


@community_view("members.view")
def transfer_list(request: HttpRequest) -> HttpResponse:
    qs = Transfer.objects.select_related(
        "member__person", "from_branch", "to_branch", "community", "to_community"
    )
    allowed = committee_branch_ids(request)
    if allowed is not None:
        qs = qs.filter(from_branch_id__in=allowed) | qs.filter(to_branch_id__in=allowed)
    community = request.community.pk
    context = {
        "outgoing": [t for t in qs if t.community_id == community],
        "incoming": [t for t in qs if t.community_id != community],
        "can_request": allowed is None or bool(allowed),
    }
    sent, received = _("Sent"), _("Received from other communities")
    return list_page(
        request,
        "members/transfers.html",
        context,
        title=_("Relationship transfers"),
        columns=[
            Column(_("Requested"), lambda t: t.requested_at),
            Column(_("Member"), lambda t: t.member.person.name),
            Column(_("From"), lambda t: f"{t.community.name} · {t.from_branch.name}"),
            Column(
                _("To"),
                lambda t: f"{t.to_community.name} · {t.to_branch.name}" if t.to_branch else t.destination,
            ),
            Column(_("Status"), lambda t: t.get_status_display()),
            Column(_("Direction"), lambda t: sent if t.community_id == community else received),
        ],
        rows=[*context["outgoing"], *context["incoming"]],
    )


@community_view("members.view")
def transfer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    transfer = get_object_or_404(
        Transfer.objects.select_related(
            "member__person", "from_branch", "to_branch", "community", "to_community"
        ),
        pk=pk,
    )
    sides = _sides(request, transfer)
    if not sides and not request.access.can("members.manage"):
        raise PermissionDenied
    context = {
        "transfer": transfer,
        "sides": sides,
        "reject_form": RejectForm(),
        "open": transfer.status == TransferStatus.REQUESTED,
    }
    return render(request, "members/transfer.html", context)


@community_view("members.view")
def transfer_create(request: HttpRequest, member_pk: int) -> HttpResponse:
    member = get_object_or_404(
        PartyMember.objects.select_related("person", "branch"), pk=member_pk, is_active=True
    )
    require_branch(request, member.branch)
    branches = [b for b in selectors.receiving_branches(request.community) if b.pk != member.branch_id]
    return form_page(
        request,
        TransferForm(request.POST or None, branches=branches),
        save=lambda f: service.transfer_request(
            community=request.community, member=member, actor=request.user, **f.cleaned_data
        ),
        template="members/transfer_form.html",
        success=lambda transfer: community_url(request, "members:transfer", transfer.pk),
        message=_("The transfer has been recorded."),
        context={"member": member},
    )


def _transfer_for_action(request: HttpRequest, pk: int) -> tuple[Transfer, set[str]]:
    transfer = get_object_or_404(Transfer.objects.select_related("from_branch", "to_branch"), pk=pk)
    sides = _sides(request, transfer)
    if not sides:
        raise PermissionDenied
    return transfer, sides


@require_POST
@community_view("members.view")
def transfer_approve(request: HttpRequest, pk: int) -> HttpResponse:
    transfer, sides = _transfer_for_action(request, pk)
    side = request.POST.get("side")
    if side not in sides:
        raise PermissionDenied
    try:
        service.transfer_approve(transfer=transfer, side=side, actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(community_url(request, "members:transfer", pk))
    messages.success(request, _("The approval has been recorded."))
    if transfer.status == TransferStatus.COMPLETED and transfer.to_community_id != request.community.pk:
        return redirect(community_url(request, "members:transfers"))
    return redirect(community_url(request, "members:transfer", pk))


@require_POST
@community_view("members.view")
def transfer_reject(request: HttpRequest, pk: int) -> HttpResponse:
    transfer, _sides_ = _transfer_for_action(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the transfer is rejected."))
        return redirect(community_url(request, "members:transfer", pk))
    return button_action(
        request,
        lambda: service.transfer_reject(
            transfer=transfer, reason=form.cleaned_data["rejection"], actor=request.user
        ),
        message=_("The transfer has been rejected."),
        back=community_url(request, "members:transfer", pk),
    )
