"""The bad-rating loop (差评整改): tickets, their steps, appeals and decisions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from sanjian.lib.excel import Column
from sanjian.lib.history import history_entries
from sanjian.lib.masking import mask_phone
from sanjian.lib.records import Actor
from sanjian.lib.views import form_page, list_page
from sanjian.tenancy.access import community_url, community_view
from sanjian.windows import selectors, services
from sanjian.windows.forms import (
    AppealDecisionForm,
    AppealForm,
    CallbackForm,
    NoteForm,
    RectifyForm,
    ReopenForm,
)
from sanjian.windows.models import Appeal, AppealStatus, Ticket, TicketStatus


def _ticket(request: HttpRequest, pk: int, perm: str = "windows.tickets_view") -> Ticket:
    ticket = get_object_or_404(Ticket.objects.select_related("window", "window__parent", "rating"), pk=pk)
    request.access.require(perm, ticket.window)
    return ticket


def _appeal(ticket: Ticket) -> Appeal | None:
    return Appeal.objects.filter(ticket=ticket).select_related("filed_by", "decided_by").first()


def _steps(request: HttpRequest, ticket: Ticket, appeal: Appeal | None) -> list[tuple[str, str | Promise]]:
    """The steps the user may take on the ticket now: (url name, label)."""
    access, window, status = request.access, ticket.window, ticket.status
    steps = []
    handle = access.can("windows.ticket_handle", window)
    if handle and status == TicketStatus.OPEN:
        steps.append("ticket_rectify")
    if handle and status == TicketStatus.RECTIFIED:
        steps.append("ticket_callback")
    if status == TicketStatus.CALLED_BACK and access.can("windows.ticket_close", window):
        steps += ["ticket_close", "ticket_reopen"]
    if handle and appeal is None and status in (TicketStatus.OPEN, TicketStatus.RECTIFIED):
        steps.append("appeal_file")
    if (
        appeal is not None
        and appeal.status == AppealStatus.PENDING
        and appeal.filed_by_id != request.user.pk
        and access.can("windows.appeal_decide", window)
    ):
        steps.append("appeal_decide")
    return [(name, STEPS[name].button or STEPS[name].title) for name in steps]


@community_view("windows.tickets_view")
def tickets(request: HttpRequest) -> HttpResponse:
    status, overdue = request.GET.get("status", ""), request.GET.get("overdue") == "1"
    qs = selectors.ticket_list(request.access, status=status, overdue=overdue)
    context = {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")),
        "status": status,
        "overdue": overdue,
        "statuses": TicketStatus.choices,
    }
    return list_page(
        request,
        "windows/tickets.html",
        context,
        title=_("Rectification tickets"),
        columns=[
            Column(_("Ticket"), lambda t: t.number),
            Column(_("Service window"), lambda t: t.window.name),
            Column(_("Rating"), lambda t: t.rating.get_level_display()),
            Column(_("Reason"), lambda t: t.rating.get_reason_display()),
            Column(_("Phone"), lambda t: mask_phone(t.rating.phone)),
            Column(_("Rectify by"), lambda t: t.deadline),
            Column(_("Status"), lambda t: t.get_status_display()),
            Column(_("overdue"), lambda t: _("yes") if t.is_overdue else ""),
        ],
        rows=qs,
    )


@community_view("windows.tickets_view")
def ticket_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ticket = _ticket(request, pk)
    appeal = _appeal(ticket)
    context = {
        "ticket": ticket,
        "rating": ticket.rating,
        "appeal": appeal,
        "steps": _steps(request, ticket, appeal),
        "full_phone": request.access.can("windows.ticket_handle", ticket.window),
        # One history: the ticket's steps and the appeal's filing and decision, newest first.
        "history": sorted(
            history_entries(ticket) + (history_entries(appeal) if appeal else []),
            key=lambda entry: entry.when,
            reverse=True,
        ),
    }
    return render(request, "windows/ticket.html", context)


@dataclass(frozen=True)
class Step:
    """One step of the loop: who may take it, what they fill in, the service that records it."""

    perm: str
    form: type[forms.Form]
    title: str | Promise
    save: Callable[[Ticket, dict[str, Any], Actor], object]
    message: str | Promise
    button: str | Promise = ""


#: The steps by URL name; ``_steps`` says which of them the user may take on a ticket now.
STEPS: dict[str, Step] = {
    "ticket_rectify": Step(
        "windows.ticket_handle",
        RectifyForm,
        gettext_lazy("Record the rectification"),
        lambda t, data, actor: services.ticket_rectify(
            ticket=t, rectification=data["rectification"], actor=actor
        ),
        gettext_lazy("The rectification has been recorded."),
    ),
    "ticket_callback": Step(
        "windows.ticket_handle",
        CallbackForm,
        gettext_lazy("Record the call-back"),
        lambda t, data, actor: services.ticket_call_back(
            ticket=t, result=data["callback_result"], note=data["note"], actor=actor
        ),
        gettext_lazy("The call-back has been recorded."),
    ),
    "ticket_close": Step(
        "windows.ticket_close",
        NoteForm,
        gettext_lazy("Close the ticket"),
        lambda t, data, actor: services.ticket_close(ticket=t, note=data["note"], actor=actor),
        gettext_lazy("The ticket has been closed and the resident's phone number erased."),
        button=pgettext_lazy("ticket", "Close"),
    ),
    "ticket_reopen": Step(
        "windows.ticket_close",
        ReopenForm,
        gettext_lazy("Reopen the ticket"),
        lambda t, data, actor: services.ticket_reopen(ticket=t, note=data["note"], actor=actor),
        gettext_lazy("The ticket has been reopened."),
        button=pgettext_lazy("ticket", "Reopen"),
    ),
    "appeal_file": Step(
        "windows.ticket_handle",
        AppealForm,
        gettext_lazy("Appeal against the rating"),
        lambda t, data, actor: services.appeal_file(
            ticket=t, ground=data["ground"], statement=data["statement"], actor=actor
        ),
        gettext_lazy("The appeal has been filed; the supervising unit will decide it."),
    ),
    "appeal_decide": Step(
        "windows.appeal_decide",
        AppealDecisionForm,
        gettext_lazy("Decide the appeal"),
        lambda t, data, actor: services.appeal_decide(
            appeal=t.appeal, upheld=data["decision"], note=data["decision_note"], actor=actor
        ),
        gettext_lazy("The decision has been recorded."),
    ),
}


@community_view()
def ticket_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Every step of the loop (the URL names the step): the form, then the step's service.

    A step the ticket is not at (or the user may not take on it) is refused with 403.
    """
    step = STEPS[request.resolver_match.url_name]
    request.access.require(step.perm)
    ticket = _ticket(request, pk, step.perm)
    if request.resolver_match.url_name not in dict(_steps(request, ticket, _appeal(ticket))):
        raise PermissionDenied
    return form_page(
        request,
        step.form(request.POST or None),
        save=lambda f: step.save(ticket, f.cleaned_data, request.user),
        template="windows/ticket_step.html",
        success=lambda _r: community_url(request, "windows:ticket", ticket.pk),
        message=step.message,
        context={"ticket": ticket, "rating": ticket.rating, "title": step.title},
    )
