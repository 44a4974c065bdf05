"""Outreach pages (白衣天使进社区): the month's events, an event, the form. Medical roles only:
an event names the people with an archive whom it served."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.health.forms import OutreachForm
from sanjian.health.models import OutreachEvent
from sanjian.health.services.outreach import outreach_save
from sanjian.lib.dates import Month
from sanjian.lib.excel import Column
from sanjian.lib.views import form_page, list_page
from sanjian.tenancy.access import community_url, community_view

EXPORT_COLUMNS = (
    Column(gettext_lazy("date"), lambda e: e.date),
    Column(gettext_lazy("kind"), lambda e: e.get_kind_display()),
    Column(gettext_lazy("title"), lambda e: e.title),
    Column(gettext_lazy("place"), lambda e: e.place),
    Column(gettext_lazy("staff"), lambda e: e.staff),
    Column(gettext_lazy("people served"), lambda e: e.people_served),
    Column(gettext_lazy("of whom with an archive"), lambda e: e.linked),
    Column(gettext_lazy("materials"), lambda e: e.materials),
)


def _events(month: Month) -> Any:
    return (
        OutreachEvent.objects.filter(date__gte=month.start, date__lte=month.end)
        .annotate(linked=Count("served"))
        .order_by("date", "pk")
    )


@community_view("health.care")
def outreach_list(request: HttpRequest) -> HttpResponse:
    """The month's events (``?month=2026-11``), with the month's totals; ``?format=xlsx`` exports."""
    month = Month.parse(request.GET.get("month"))
    events = list(_events(month))
    context = {
        "events": events,
        "month": month,
        "previous": month.previous(),
        "next": month.next(),
        "served": sum(e.people_served for e in events),
    }
    return list_page(
        request,
        "health/outreach_list.html",
        context,
        title=_("Outreach"),
        columns=EXPORT_COLUMNS,
        rows=events,
        filename=_("outreach-%(month)s.xlsx") % {"month": month},
    )


@community_view("health.care")
def outreach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(OutreachEvent.objects.select_related("organiser"), pk=pk)
    served = event.served.select_related("archive__person").order_by("archive__number")
    return render(request, "health/outreach.html", {"event": event, "served": served})


def _form_page(request: HttpRequest, event: OutreachEvent) -> HttpResponse:
    form = OutreachForm(request.POST or None, instance=event, community=request.community)

    def save(form: OutreachForm) -> OutreachEvent:
        event = form.save(commit=False)
        event.people_served = form.people_served()
        return outreach_save(event=event, served=form.served(), actor=request.user)

    return form_page(
        request,
        form,
        save=save,
        template="health/outreach_form.html",
        success=lambda event: community_url(request, "health:outreach", event.pk),
        message=gettext_lazy("The outreach event has been saved."),
        context={"event": event if event.pk else None},
    )


@community_view("health.care")
def outreach_new(request: HttpRequest) -> HttpResponse:
    return _form_page(request, OutreachEvent(community=request.community))


@community_view("health.care")
def outreach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_page(request, get_object_or_404(OutreachEvent, pk=pk))
