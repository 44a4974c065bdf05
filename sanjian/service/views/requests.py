"""Repair and complaint requests: the list, a new one, and a request's steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sanjian.lib.excel import Column
from sanjian.lib.history import history_entries
from sanjian.lib.views import list_page, titled_form_page
from sanjian.service import services
from sanjian.service.forms import CallBackForm, RequestForm, ResolveForm, VerifyForm
from sanjian.service.models import RequestStatus, ServiceRequest
from sanjian.service.views.common import can, url
from sanjian.tenancy.access import community_view


@community_view("service.view")
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rows = ServiceRequest.objects.select_related("room__floor__building")
    if status in RequestStatus.values:
        rows = rows.filter(status=status)
    context = {
        "rows": rows[:200],
        "status": status,
        "statuses": RequestStatus.choices,
        "can_manage": can(request, "service.manage"),
    }
    return list_page(
        request,
        "service/requests.html",
        context,
        title=_("Repairs and complaints"),
        columns=[
            Column(_("Reported on"), lambda r: r.reported_on),
            Column(_("Room"), lambda r: str(r.room)),
            Column(_("Kind"), lambda r: r.get_kind_display()),
            Column(_("Reported by"), lambda r: r.reporter),
            Column(_("What is wrong"), lambda r: r.description),
            Column(_("Status"), lambda r: r.get_status_display()),
            Column(pgettext("request", "What was done"), lambda r: r.resolution),
            Column(_("Done on"), lambda r: r.resolved_on),
            Column(_("Call-back"), lambda r: r.get_satisfaction_display()),
            Column(_("Verified serious complaint"), lambda r: _("yes") if r.verified_serious else ""),
        ],
        rows=rows,  # every row the filter selects; the page shows the first 200
    )


@community_view("service.manage")
def request_create(request: HttpRequest) -> HttpResponse:
    form = RequestForm(
        request.POST or None, initial={"reported_on": timezone.localdate()}, community=request.community
    )
    return titled_form_page(
        request,
        form,
        save=lambda f: services.request_open(
            community=request.community, request=f.instance, actor=request.user
        ),
        title=_("New repair or complaint"),
        back=url(request, "requests"),
        message=gettext_lazy("The request has been recorded."),
        success=lambda r: url(request, "request", r.pk),
    )


@community_view("service.view")
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ServiceRequest.objects.select_related("room__floor__building"), pk=pk)
    context = {"item": item, "can_manage": can(request, "service.manage"), "history": history_entries(item)}
    return render(request, "service/request.html", context)


def _step(
    request: HttpRequest, item: ServiceRequest, form: BaseForm, save: Callable[[BaseForm], Any], title: str
) -> HttpResponse:
    back = url(request, "request", item.pk)
    return titled_form_page(
        request,
        form,
        save=save,
        title=title,
        back=back,
        message=gettext_lazy("Saved."),
    )


@community_view("service.manage")
def request_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ServiceRequest, pk=pk)
    form = ResolveForm(request.POST or None, initial={"resolved_on": timezone.localdate()})
    return _step(
        request,
        item,
        form,
        lambda f: services.request_resolve(request=item, actor=request.user, **f.cleaned_data),
        _("Record what was done"),
    )


@community_view("service.manage")
def request_call_back(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ServiceRequest, pk=pk)
    form = CallBackForm(request.POST or None)
    return _step(
        request,
        item,
        form,
        lambda f: services.request_call_back(request=item, actor=request.user, **f.cleaned_data),
        _("Satisfaction call-back"),
    )


@community_view("service.manage")
def complaint_verify(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(ServiceRequest, pk=pk)
    form = VerifyForm(request.POST or None, initial={"serious": item.verified_serious})
    return _step(
        request,
        item,
        form,
        lambda f: services.complaint_verify(request=item, actor=request.user, **f.cleaned_data),
        _("Verify the complaint"),
    )
