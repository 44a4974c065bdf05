"""Volunteer activities: the list, the organiser's pages (QR code, hand marks, cancelling), sign-up,
and the phone page the check-in QR code opens."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanjian.dedication.access import can_organise, is_leader, require_organise
from sanjian.dedication.forms import ActivityForm, CancelForm, HandMarkForm
from sanjian.dedication.models import Activity, ActivityCategory, HourLog, LogSource, Project, SignUp
from sanjian.dedication.services import activities as services
from sanjian.lib.excel import Column
from sanjian.lib.history import history_entries
from sanjian.lib.qr import qr_svg
from sanjian.lib.views import button_action, form_page, int_param, list_page
from sanjian.members.access import my_person
from sanjian.members.models import Person
from sanjian.tenancy.access import community_url, community_view
from sanjian.tenancy.views import RecordPages


def _activity(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(Activity.objects.select_related("project", "organiser"), pk=pk)


@community_view("dedication.view")
def activity_list(request: HttpRequest) -> HttpResponse:
    past = request.GET.get("when") == "past"
    project = int_param(request.GET.get("project"))
    category = request.GET.get("category", "")
    category = category if category in ActivityCategory.values else ""
    now = timezone.now()
    qs = Activity.objects.select_related("project", "organiser")
    qs = qs.filter(ends_at__lt=now).order_by("-starts_at") if past else qs.filter(ends_at__gte=now)
    if not past:
        qs = qs.order_by("starts_at")
    if project:
        qs = qs.filter(project_id=project)
    if category:
        qs = qs.filter(category=category)
    me = my_person(request)
    context = {
        "page": Paginator(qs, 30).get_page(request.GET.get("page")),
        "past": past,
        "project": project,
        "category": category,
        "projects": Project.objects.order_by("name"),
        "categories": ActivityCategory.choices,
        "mine": set(SignUp.objects.filter(person=me).values_list("activity_id", flat=True)) if me else set(),
        "can_create": can_organise(request),
        "query": request.GET.copy(),
    }
    context["query"].pop("page", None)
    context["query"] = context["query"].urlencode()
    return list_page(
        request,
        "dedication/activities.html",
        context,
        title=_("Volunteer activities"),
        columns=[
            Column(_("Activity"), lambda a: a.title),
            Column(_("Starts at"), lambda a: a.starts_at),
            Column(_("Ends at"), lambda a: a.ends_at),
            Column(_("Place"), lambda a: a.place),
            Column(_("Category"), lambda a: a.get_category_display()),
            Column(_("Project"), lambda a: a.project.name if a.project else ""),
            Column(_("Organiser"), lambda a: a.organiser.name),
            Column(_("cancelled"), lambda a: _("yes") if a.is_cancelled else ""),
        ],
        rows=qs,
    )


def checkin_url(request: HttpRequest, activity: Activity) -> str:
    """The absolute address in the QR code: whoever holds it may check in, so it carries the key."""
    return request.build_absolute_uri(
        community_url(request, "dedication:checkin", activity.pk, activity.checkin_key)
    )


@community_view("dedication.view")
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    me = my_person(request)
    organises = can_organise(request, activity)
    signups = list(activity.signups.select_related("person").order_by("signed_up_at"))
    context: dict[str, Any] = {
        "activity": activity,
        "me": me,
        "signups": signups,
        "my_signup": next((s for s in signups if me is not None and s.person_id == me.pk), None),
        "full": activity.capacity is not None and len(signups) >= activity.capacity,
        "over": activity.ends_at <= timezone.now(),
        "organises": organises,
        "can_take_part": request.access.can("dedication.take_part"),
        "history": history_entries(activity),
    }
    if organises:
        context["checkin_url"] = checkin_url(request, activity)
        context["qr"] = qr_svg(context["checkin_url"], scale=6, title=_("Check-in QR code"))
        context["mark_form"] = HandMarkForm(activity=activity)
        context["logs"] = HourLog.objects.filter(activity=activity).select_related("person")
    return render(request, "dedication/activity.html", context)


# A leader names any organiser; a party member organises their own activities.
ACTIVITY_PAGES = RecordPages(
    model=Activity,
    form=ActivityForm,
    save=services.activity_save,
    name="activity",
    template="dedication/activity_form.html",
    success="dedication:activity",
    message=gettext_lazy("The activity has been saved."),
    form_kwargs=lambda request, _activity: {"organiser": None if is_leader(request) else my_person(request)},
    save_kwargs=lambda request, form: {"may_backdate": is_leader(request)},
)


@community_view("dedication.organise")
def activity_create(request: HttpRequest) -> HttpResponse:
    require_organise(request)
    return ACTIVITY_PAGES.page(request, None)


@community_view("dedication.organise")
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    require_organise(request, activity)
    if activity.is_cancelled:
        messages.error(request, _("A cancelled activity stays cancelled; create a new one."))
        return redirect(community_url(request, "dedication:activity", activity.pk))
    return ACTIVITY_PAGES.page(request, activity)


@community_view("dedication.organise")
def activity_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    require_organise(request, activity)
    return form_page(
        request,
        CancelForm(request.POST or None),
        save=lambda f: services.activity_cancel(
            activity=activity, reason=f.cleaned_data["reason"], actor=request.user
        ),
        template="dedication/activity_cancel.html",
        success=lambda a: community_url(request, "dedication:activity", a.pk),
        message=gettext_lazy("The activity has been cancelled."),
        context={"activity": activity},
    )


def _act(request: HttpRequest, activity: Activity, do: Callable[[], object], message: str) -> HttpResponse:
    """Run a one-button service; its refusal becomes a message on the activity's page."""
    return button_action(
        request, do, message=message, back=community_url(request, "dedication:activity", activity.pk)
    )


def _me_or_403(request: HttpRequest) -> Person:
    request.access.require("dedication.take_part")
    me = my_person(request)
    if me is None:
        raise PermissionDenied
    return me


@require_POST
@community_view("dedication.view")
def signup(request: HttpRequest, pk: int) -> HttpResponse:
    return _own_place(request, pk, services.signup_create, _("You have signed up."))


@require_POST
@community_view("dedication.view")
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _own_place(request, pk, services.signup_withdraw, _("You have given up your place."))


def _own_place(request: HttpRequest, pk: int, service: Callable[..., object], message: str) -> HttpResponse:
    """The member takes or gives up their own place in the activity."""
    activity = _activity(request, pk)
    me = _me_or_403(request)
    return _act(request, activity, lambda: service(activity=activity, person=me, actor=request.user), message)


@require_POST
@community_view("dedication.organise")
def key_replace(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    require_organise(request, activity)
    return _act(
        request,
        activity,
        lambda: services.checkin_key_replace(activity=activity, actor=request.user),
        _("The QR code has been replaced: the old one no longer works."),
    )


@require_POST
@community_view("dedication.organise")
def mark(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser's hand marks, answered on a page of their own when refused."""
    activity = _activity(request, pk)
    require_organise(request, activity)
    return form_page(
        request,
        HandMarkForm(request.POST, activity=activity),
        save=lambda f: services.log_mark(
            activity=activity,
            person=f.cleaned_data["person"],
            started_at=f.cleaned_data["started_at"],
            ended_at=f.cleaned_data["ended_at"],
            note=f.cleaned_data["note"],
            actor=request.user,
        ),
        template="dedication/mark_form.html",
        success=lambda log: community_url(request, "dedication:activity", activity.pk),
        message=gettext_lazy("The attendance has been recorded."),
        context={"activity": activity},
    )


# --- Check-in by QR code, on a phone ------------------------------------------------------------


def _checkin_state(activity: Activity, me: Any) -> dict[str, Any]:
    signup = SignUp.objects.filter(activity=activity, person=me).first() if me is not None else None
    log = None
    if signup is not None and signup.checked_out_at is not None:
        log = (
            HourLog.objects.filter(
                activity=activity, person=me, source=LogSource.CHECKIN, started_at=signup.checked_in_at
            )
            .order_by("-pk")
            .first()
        )
    return {"signup": signup, "log": log}


@community_view("dedication.view")
def checkin(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """The page the QR code opens: check in, later check out; the log it writes awaits verification."""
    activity = _activity(request, pk)
    me = my_person(request)
    key_ok = secrets.compare_digest(key.encode(), activity.checkin_key.encode())
    error = "" if key_ok else _("This QR code is no longer valid: scan the one the organiser shows now.")
    status = 200
    if request.method == "POST":
        if me is None:
            raise PermissionDenied
        request.access.require("dedication.take_part")
        action = request.POST.get("action")
        try:
            if action == "in":
                services.signup_check_in(activity=activity, person=me, key=key, actor=request.user)
                messages.success(request, _("You have checked in."))
            elif action == "out":
                log = services.signup_check_out(activity=activity, person=me, key=key, actor=request.user)
                messages.success(
                    request,
                    _("You have checked out: %(hours)s hours await verification.") % {"hours": log.hours},
                )
            else:
                raise ValidationError(_("Choose check in or check out."))
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
        else:
            return redirect(request.path)
    context = {
        "activity": activity,
        "me": me,
        "key_ok": key_ok,
        "error": error,
        **_checkin_state(activity, me),
    }
    return render(request, "dedication/checkin.html", context, status=status)
