"""The bad-rating loop (差评整改): tickets, their steps, appeals and decisions."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sanjian.lib.excel import Column
from sanjian.lib.history import history_entries
from sanjian.lib.masking import mask_phone
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
        steps.append(("ticket_rectify", _("Record the rectification")))
    if handle and status == TicketStatus.RECTIFIED:
        steps.append(("ticket_callback", _("Record the call-back")))
    if status == TicketStatus.CALLED_BACK and access.can("windows.ticket_close", window):
        steps += [
            ("ticket_close", pgettext("ticket", "Close")),
            ("ticket_reopen", pgettext("ticket", "Reopen")),
        ]
    if handle and appeal is None and status in (TicketStatus.OPEN, TicketStatus.RECTIFIED):
        steps.append(("appeal_file", _("Appeal against the rating")))
    if (
        appeal is not None
        and appeal.status == AppealStatus.PENDING
        and appeal.filed_by_id != request.user.pk
        and access.can("windows.appeal_decide", window)
    ):
        steps.append(("appeal_decide", _("Decide the appeal")))
    return steps


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


def _step(
    request: HttpRequest,
    pk: int,
    *,
    perm: str,
    form_class: type[forms.Form],
    title: str | Promise,
    save: Callable[[Ticket, forms.Form], object],
    message: str | Promise,
) -> HttpResponse:
    ticket = _ticket(request, pk, perm)
    step = request.resolver_match.url_name
    if step not in dict(_steps(request, ticket, _appeal(ticket))):
        raise PermissionDenied
    return form_page(
        request,
        form_class(request.POST or None),
        save=lambda f: save(ticket, f),
        template="windows/ticket_step.html",
        success=lambda _r: community_url(request, "windows:ticket", ticket.pk),
        message=message,
        context={"ticket": ticket, "rating": ticket.rating, "title": title},
    )


@community_view("windows.ticket_handle")
def ticket_rectify(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        perm="windows.ticket_handle",
        form_class=RectifyForm,
        title=gettext_lazy("Record the rectification"),
        save=lambda t, f: services.ticket_rectify(
            ticket=t, rectification=f.cleaned_data["rectification"], actor=request.user
        ),
        message=gettext_lazy("The rectification has been recorded."),
    )


@community_view("windows.ticket_handle")
def ticket_callback(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        perm="windows.ticket_handle",
        form_class=CallbackForm,
        title=gettext_lazy("Record the call-back"),
        save=lambda t, f: services.ticket_call_back(
            ticket=t,
            result=f.cleaned_data["callback_result"],
            note=f.cleaned_data["note"],
            actor=request.user,
        ),
        message=gettext_lazy("The call-back has been recorded."),
    )


@community_view("windows.ticket_close")
def ticket_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        perm="windows.ticket_close",
        form_class=NoteForm,
        title=gettext_lazy("Close the ticket"),
        save=lambda t, f: services.ticket_close(ticket=t, note=f.cleaned_data["note"], actor=request.user),
        message=gettext_lazy("The ticket has been closed and the resident's phone number erased."),
    )


@community_view("windows.ticket_close")
def ticket_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        perm="windows.ticket_close",
        form_class=ReopenForm,
        title=gettext_lazy("Reopen the ticket"),
        save=lambda t, f: services.ticket_reopen(ticket=t, note=f.cleaned_data["note"], actor=request.user),
        message=gettext_lazy("The ticket has been reopened."),
    )


@community_view("windows.ticket_handle")
def appeal_file(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        perm="windows.ticket_handle",
        form_class=AppealForm,
        title=gettext_lazy("Appeal against the rating"),
        save=lambda t, f: services.appeal_file(
            ticket=t,
            ground=f.cleaned_data["ground"],
            statement=f.cleaned_data["statement"],
            actor=request.user,
        ),
        message=gettext_lazy("The appeal has been filed; the supervising unit will decide it."),
    )


@community_view("windows.appeal_decide")
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(
        request,
        pk,
        perm="windows.appeal_decide",
        form_class=AppealDecisionForm,
        title=gettext_lazy("Decide the appeal"),
        save=lambda t, f: services.appeal_decide(
            appeal=t.appeal,
            upheld=f.cleaned_data["decision"],
            note=f.cleaned_data["decision_note"],
            actor=request.user,
        ),
        message=gettext_lazy("The decision has been recorded."),
    )
