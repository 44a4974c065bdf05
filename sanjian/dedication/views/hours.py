"""Hours: a member's own logs and corrections, and the verifiers' page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.dedication import selectors
from sanjian.dedication.access import is_leader, require_verify, secretary_branch_id
from sanjian.dedication.forms import CorrectionForm, OwnLogForm, RejectForm, log_initial
from sanjian.dedication.models import Activity, HourLog, LogStatus, hours_of
from sanjian.dedication.services import hours as services
from sanjian.lib.history import history_entries
from sanjian.lib.views import form_page
from sanjian.members.access import my_person
from sanjian.members.models import Person
from sanjian.tenancy.access import community_url, community_view


def _me(request: HttpRequest) -> Person | None:
    request.access.require("dedication.take_part")
    return my_person(request)


@community_view("dedication.view")
def my_hours(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if me is None:
        return render(request, "dedication/no_person.html")
    form = OwnLogForm(request.POST or None, person=me)
    if request.method == "POST":
        response = form_page(
            request,
            form,
            save=lambda f: services.own_log_create(
                community=request.community,
                person=me,
                activity=f.cleaned_data["activity"],
                started_at=f.cleaned_data["started_at"],
                ended_at=f.cleaned_data["ended_at"],
                note=f.cleaned_data["note"],
                actor=request.user,
            ),
            template="dedication/my_hours.html",
            success=lambda log: community_url(request, "dedication:my_hours"),
            message=gettext_lazy("Your hours have been logged and await verification."),
            context=_my_hours_context(me),
        )
        return response
    return render(request, "dedication/my_hours.html", {"form": form, **_my_hours_context(me)})


def _my_hours_context(me: Person) -> dict:
    year_start = timezone.localdate().replace(month=1, day=1)
    figures = (
        selectors.verified()
        .filter(person=me)
        .aggregate(total=Sum("minutes"), year=Sum("minutes", filter=Q(worked_on__gte=year_start)))
    )
    total, this_year = figures["total"] or 0, figures["year"] or 0
    return {
        "me": me,
        "logs": HourLog.objects.filter(person=me).select_related("activity", "decided_by"),
        "hours_total": hours_of(total),
        "hours_year": hours_of(this_year),
        "milestones": selectors.MILESTONES,
        "reached": selectors.milestones_reached(total),
    }


@community_view("dedication.view")
def log_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The member corrects their own pending or rejected log; it goes back to pending."""
    me = _me(request)
    log = get_object_or_404(HourLog.objects.select_related("activity"), pk=pk)
    if me is None or log.person_id != me.pk:
        raise PermissionDenied
    if log.status == LogStatus.VERIFIED:
        messages.error(request, _("A verified log is corrected by whoever verified it, not by the member."))
        return redirect(community_url(request, "dedication:my_hours"))
    return _correction_page(
        request,
        log,
        by_verifier=False,
        back="dedication:my_hours",
        message=gettext_lazy("The log has been corrected and awaits verification again."),
    )


def _correction_page(
    request: HttpRequest,
    log: HourLog,
    *,
    by_verifier: bool,
    back: str,
    message: str | Promise,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """The form correcting a log's times: the member's (the log waits for verification again) or a
    verifier's (who must give the reason, kept as the history row's reason)."""
    form = CorrectionForm(
        request.POST or None,
        initial=log_initial(log.started_at, log.ended_at, log.note),
        reason_required=by_verifier,
    )
    return form_page(
        request,
        form,
        save=lambda f: services.log_correct(
            log=log, by_verifier=by_verifier, actor=request.user, **f.cleaned_data
        ),
        template="dedication/log_form.html",
        success=lambda saved: community_url(request, back),
        message=message,
        context={"log": log, "by_verifier": by_verifier, **(context or {})},
    )


# --- Verification ------------------------------------------------------------------------------


def verifiable(request: HttpRequest) -> QuerySet[HourLog] | None:
    """The logs the user may verify (every rule of ``access.can_verify`` as a query); None when the
    user verifies nothing at all: not a leader, organiser or branch secretary."""
    logs = HourLog.objects.exclude(person__user=request.user)
    if is_leader(request):
        return logs
    me = my_person(request)
    if me is None:
        return None
    branch = secretary_branch_id(request)
    organises = Activity.objects.filter(organiser=me).exists()
    if branch is None and not organises:
        return None
    return logs.filter(
        Q(activity__organiser=me) | Q(branch_id=branch) if branch else Q(activity__organiser=me)
    )


@community_view("dedication.organise")
def verify(request: HttpRequest) -> HttpResponse:
    logs = verifiable(request)
    if logs is None:
        raise PermissionDenied
    pending = logs.filter(status=LogStatus.PENDING).select_related(
        "person", "branch", "activity", "activity__organiser", "created_by"
    )
    recent = logs.exclude(status=LogStatus.PENDING).filter(decided_by=request.user)
    context = {
        "pending": pending.order_by("started_at"),
        "recent": recent.select_related("person", "activity").order_by("-decided_at")[:20],
        "reject_form": RejectForm(),
    }
    return render(request, "dedication/verify.html", context)


def _log_to_verify(request: HttpRequest, pk: int) -> HourLog:
    log = get_object_or_404(HourLog.objects.select_related("person", "activity"), pk=pk)
    require_verify(request, log)
    return log


@community_view("dedication.organise")
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Verify (``decision=verify``) or reject with a reason (``decision=reject``); POST only."""
    log = _log_to_verify(request, pk)
    if request.method != "POST":
        return redirect(community_url(request, "dedication:verify"))
    verify_it = request.POST.get("decision") == "verify"
    form = RejectForm(request.POST)
    if not verify_it and not form.is_valid():
        return _refused(request, log, form, status=400)
    try:
        with transaction.atomic():
            services.log_decide(
                log=log,
                verify=verify_it,
                reason="" if verify_it else form.cleaned_data["reason"],
                actor=request.user,
            )
    except ValidationError as exc:
        form = RejectForm(request.POST)
        form.is_valid()
        form.add_error(None, " ".join(exc.messages))
        return _refused(request, log, form, status=400)
    if verify_it:
        messages.success(
            request, _("%(person)s: %(hours)s hours verified.") % {"person": log.person, "hours": log.hours}
        )
    else:
        messages.success(request, _("%(person)s: the log has been rejected.") % {"person": log.person})
    return redirect(community_url(request, "dedication:verify"))


def _refused(request: HttpRequest, log: HourLog, form: RejectForm, *, status: int) -> HttpResponse:
    return render(request, "dedication/decide.html", {"log": log, "form": form}, status=status)


@community_view("dedication.organise")
def log_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """A verifier corrects a log's times; the reason is kept as the history row's reason."""
    log = _log_to_verify(request, pk)
    return _correction_page(
        request,
        log,
        by_verifier=True,
        back="dedication:verify",
        message=gettext_lazy("The log has been corrected."),
        context={"history": history_entries(log)},
    )
