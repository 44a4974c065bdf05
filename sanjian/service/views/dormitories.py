"""Apartments: buildings with occupancy, a building's floors, rooms, residents and duties."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from sanjian.lib.excel import Column
from sanjian.lib.history import history_entries
from sanjian.lib.views import list_page, titled_form_page
from sanjian.service import services
from sanjian.service.forms import AssignForm, BuildingForm, CheckOutForm, DutyForm, FloorForm, RoomForm
from sanjian.service.models import Building, Floor, FloorDuty, Room, RoomAssignment
from sanjian.service.views.common import SAVED, can, record_pages, url
from sanjian.tenancy.access import community_view


def _occupied(day: datetime.date) -> Q:
    return Q(stays__check_in__lte=day) & (Q(stays__check_out__isnull=True) | Q(stays__check_out__gte=day))


@community_view("service.view")
def buildings(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rows = []
    for building in Building.objects.select_related("unit").order_by("name"):
        rooms = Room.objects.filter(floor__building=building, is_active=True)
        beds = rooms.aggregate(n=Sum("capacity"))["n"] or 0
        taken = rooms.aggregate(n=Count("stays", filter=_occupied(today)))["n"]
        rows.append(
            {"building": building, "rooms": rooms.count(), "beds": beds, "taken": taken, "free": beds - taken}
        )
    context = {"rows": rows, "can_manage": can(request, "service.manage"), "today": today}
    return list_page(
        request,
        "service/buildings.html",
        context,
        title=_("Apartments"),
        columns=[
            Column(_("Building"), lambda r: r["building"].name),
            Column(_("Run by"), lambda r: str(r["building"].unit or "")),
            Column(_("Rooms"), lambda r: r["rooms"]),
            Column(_("Beds"), lambda r: r["beds"]),
            Column(_("Occupied"), lambda r: r["taken"]),
            Column(_("Vacant"), lambda r: r["free"]),
        ],
        rows=rows,
    )


@community_view("service.view")
def building(request: HttpRequest, pk: int) -> HttpResponse:
    building = get_object_or_404(Building.objects.select_related("unit"), pk=pk)
    today = timezone.localdate()
    floors = []
    for floor in Floor.objects.filter(building=building).order_by("number"):
        rooms = list(
            Room.objects.filter(floor=floor)
            .annotate(taken=Count("stays", filter=_occupied(today)))
            .order_by("number")
        )
        duty = services.attendant_on(floor, today)
        floors.append({"floor": floor, "rooms": rooms, "attendant": duty})
    context = {
        "building": building,
        "floors": floors,
        "can_manage": can(request, "service.manage"),
        "history": history_entries(building),
    }
    return render(request, "service/building.html", context)


building_create, building_edit = record_pages(
    model=Building,
    form=BuildingForm,
    save=services.building_save,
    name="building",
    success="service:buildings",
    success_arg=None,
    title=gettext_lazy("Apartment building"),
    back="buildings",
).views("service.manage")


@community_view("service.manage")
def floor_create(request: HttpRequest, building: int) -> HttpResponse:
    owner = get_object_or_404(Building, pk=building)
    form = FloorForm(request.POST or None, initial={"building": owner}, community=request.community)
    return titled_form_page(
        request,
        form,
        save=lambda f: services.floor_save(community=request.community, floor=f.instance, actor=request.user),
        title=_("New floor"),
        back=url(request, "building", owner.pk),
        message=SAVED,
    )


@community_view("service.manage")
def room_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(Room, pk=pk) if pk else None
    form = RoomForm(request.POST or None, instance=instance, community=request.community)
    back = url(request, "room", pk) if pk else url(request, "buildings")
    return titled_form_page(
        request,
        form,
        save=lambda f: services.room_save(community=request.community, room=f.instance, actor=request.user),
        title=_("Room"),
        back=back,
        message=SAVED,
    )


@community_view("service.view")
def room(request: HttpRequest, pk: int) -> HttpResponse:
    room = get_object_or_404(Room.objects.select_related("floor__building"), pk=pk)
    stays = RoomAssignment.objects.filter(room=room).select_related("person")
    context = {
        "room": room,
        "stays": stays,
        "requests": room.requests.all()[:20],
        "can_manage": can(request, "service.manage"),
        "history": history_entries(room),
    }
    return render(request, "service/room.html", context)


@community_view("service.manage")
def room_assign(request: HttpRequest, pk: int) -> HttpResponse:
    room = get_object_or_404(Room, pk=pk)
    form = AssignForm(request.POST or None, initial={"check_in": timezone.localdate()})
    return titled_form_page(
        request,
        form,
        save=lambda f: services.room_assign(
            community=request.community, room=room, actor=request.user, **f.cleaned_data
        ),
        title=_("Check in to %(room)s") % {"room": room},
        back=url(request, "room", room.pk),
        message=gettext_lazy("The resident has been checked in."),
    )


@community_view("service.manage")
def check_out(request: HttpRequest, pk: int) -> HttpResponse:
    stay = get_object_or_404(RoomAssignment.objects.select_related("room", "person"), pk=pk)
    form = CheckOutForm(request.POST or None, initial={"check_out": timezone.localdate()})
    return titled_form_page(
        request,
        form,
        save=lambda f: services.room_check_out(
            stay=stay,
            check_out=f.cleaned_data["check_out"],
            reason=f.cleaned_data["reason"],
            actor=request.user,
        ),
        title=_("Check out %(person)s") % {"person": stay.person},
        back=url(request, "room", stay.room_id),
        message=gettext_lazy("The resident has checked out."),
    )


@community_view("service.view")
def duties(request: HttpRequest) -> HttpResponse:
    rows = FloorDuty.objects.select_related("floor__building", "attendant")
    context = {"duties": rows, "can_manage": can(request, "service.manage")}
    return list_page(
        request,
        "service/duties.html",
        context,
        title=_("Floor duties"),
        columns=[
            Column(_("Building"), lambda d: d.floor.building.name),
            Column(pgettext("building", "Floor"), lambda d: d.floor.number),
            Column(_("Attendant"), lambda d: d.attendant.name),
            Column(pgettext("starting", "From"), lambda d: d.starts_on),
            Column(_("Until"), lambda d: d.ends_on),
        ],
        rows=rows,
    )


@community_view("service.manage")
def duty_assign(request: HttpRequest, floor: int) -> HttpResponse:
    floor = get_object_or_404(Floor.objects.select_related("building"), pk=floor)
    form = DutyForm(request.POST or None, initial={"starts_on": timezone.localdate()})
    return titled_form_page(
        request,
        form,
        save=lambda f: services.floor_duty_assign(
            community=request.community, floor=floor, actor=request.user, **f.cleaned_data
        ),
        title=_("Attendant for %(floor)s") % {"floor": floor},
        back=url(request, "building", floor.building_id),
        message=gettext_lazy("The attendant is responsible for the floor."),
    )
