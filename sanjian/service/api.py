"""The service app's interface under /api/v1/c/<community>/service/: every record of the app to
read (``service.view``), and the writes a phone or another system makes through the services:
inspections (``service.inspect``), repair and complaint requests and production records
(``service.manage``). A refusal of a service is a 400 with the reason in the caller's language."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet
from django.urls import include, path
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from sanjian.lib.api import service_errors
from sanjian.members.models import Person
from sanjian.service import models as m
from sanjian.service import services
from sanjian.service.services import canteen
from sanjian.tenancy.api import CommunityAppendViewSet, CommunityReadOnlyViewSet, CommunityRelatedField


def _serializer(model: type[Model], *, exclude: tuple[str, ...] = ()) -> type[serializers.ModelSerializer]:
    meta = type("Meta", (), {"model": model, "exclude": ("community", *exclude)})
    return type(f"Service{model.__name__}Serializer", (serializers.ModelSerializer,), {"Meta": meta})


def _read_only(
    model: type[Model], order: tuple[str, ...], *, related: tuple[str, ...] = (), doc: str = ""
) -> type:
    class ViewSet(CommunityReadOnlyViewSet):
        serializer_class = _serializer(model)
        read_permission = "service.view"

        def readable(self) -> QuerySet:
            return model.objects.select_related(*related).order_by(*order)

    ViewSet.__name__ = ViewSet.__qualname__ = f"Service{model.__name__}ViewSet"
    ViewSet.__doc__ = doc or str(model._meta.verbose_name_plural).capitalize()
    return ViewSet


class ServiceMarkSerializer(serializers.Serializer):
    item = CommunityRelatedField(m.SheetItem)
    points = serializers.DecimalField(max_digits=5, decimal_places=2, required=False, default=0)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    triggered = serializers.BooleanField(required=False, default=False)


class ServiceInspectionSerializer(serializers.ModelSerializer):
    sheet = CommunityRelatedField(m.Sheet)
    floor = CommunityRelatedField(m.Floor, required=False, allow_null=True)
    area = CommunityRelatedField(m.CleaningArea, required=False, allow_null=True)
    marks = ServiceMarkSerializer(many=True, write_only=True, required=False)

    class Meta:
        model = m.Inspection
        fields = [
            "id", "sheet", "floor", "area", "inspected_on", "note", "marks",
            "unit", "attendant", "score", "deducted", "vetoed", "inspector",
        ]  # fmt: skip
        read_only_fields = ["unit", "attendant", "score", "deducted", "vetoed", "inspector"]


class InspectionViewSet(CommunityAppendViewSet):
    """Floor and cleaning inspections; an inspector posts one whole, with its marks (points off
    each item and why, or a triggered veto), and it is scored as on the phone form."""

    serializer_class = ServiceInspectionSerializer
    read_permission = "service.view"
    write_permission = "service.inspect"
    filterset_fields = ["unit", "floor", "area", "inspected_on"]

    def readable(self) -> QuerySet:
        return m.Inspection.objects.order_by("-inspected_on", "-pk")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        marks = [services.Mark(**mark) for mark in data.pop("marks", [])]
        with service_errors():
            serializer.instance = services.inspection_record(
                community=self.request.community, marks=marks, actor=self.request.user, **data
            )


class ServiceRequestSerializer(serializers.ModelSerializer):
    room = CommunityRelatedField(m.Room)

    class Meta:
        model = m.ServiceRequest
        exclude = ["community"]


class RequestViewSet(CommunityAppendViewSet):
    """Residents' repair and complaint requests per room, with their status and call-back."""

    serializer_class = ServiceRequestSerializer
    read_permission = "service.view"
    write_permission = "service.manage"
    filterset_fields = ["status", "kind", "room"]

    def readable(self) -> QuerySet:
        return m.ServiceRequest.objects.order_by("-reported_on", "-pk")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        with service_errors():
            serializer.instance = services.request_open(
                community=self.request.community,
                request=m.ServiceRequest(**serializer.validated_data),
                actor=self.request.user,
            )


class ServiceRecordSerializer(serializers.ModelSerializer):
    person = CommunityRelatedField(Person)

    class Meta:
        model = m.ProductionRecord
        exclude = ["community"]


class RecordViewSet(CommunityAppendViewSet):
    """Production records (person, team, date, achievement): the hero banquets' reasons."""

    serializer_class = ServiceRecordSerializer
    read_permission = "service.view"
    write_permission = "service.manage"
    filterset_fields = ["person", "team"]

    def readable(self) -> QuerySet:
        return m.ProductionRecord.objects.order_by("-achieved_on", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        with service_errors():
            serializer.instance = canteen.record_add(
                community=self.request.community,
                record=m.ProductionRecord(**serializer.validated_data),
                actor=self.request.user,
            )


class ServiceCompetitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = m.Competition
        fields = ["id", "name", "host", "kind", "flags", "first_month", "last_month", "description"]


class CompetitionViewSet(CommunityReadOnlyViewSet):
    """Red-flag competitions the community takes part in (its company's and its own)."""

    serializer_class = ServiceCompetitionSerializer
    read_permission = "service.view"

    def readable(self) -> QuerySet:
        community = self.request.community
        return m.Competition.objects.filter(company_id=community.company_id).filter(
            Q(host__isnull=True) | Q(host=community)
        )


def _standings_doc() -> str:
    return "The standings of the community's own units in every round (score, rank, veto, flag)."


READ_ONLY: list[tuple[str, Any]] = [
    ("buildings", _read_only(m.Building, ("name",))),
    ("floors", _read_only(m.Floor, ("building", "number"))),
    ("rooms", _read_only(m.Room, ("floor", "number"))),
    ("stays", _read_only(m.RoomAssignment, ("-check_in", "pk"))),
    ("floor-duties", _read_only(m.FloorDuty, ("floor", "-starts_on"))),
    ("sheets", _read_only(m.Sheet, ("name",))),
    ("sheet-items", _read_only(m.SheetItem, ("sheet", "sort_order"))),
    ("cleaning-areas", _read_only(m.CleaningArea, ("name",))),
    ("cleaning-shifts", _read_only(m.CleaningShift, ("area", "starts_at"))),
    ("themed-months", _read_only(m.ThemedMonth, ("-month",))),
    ("dishes", _read_only(m.Dish, ("-week", "pk"))),
    ("banquets", _read_only(m.Banquet, ("-held_on", "pk"))),
    ("banquet-guests", _read_only(m.Guest, ("banquet", "pk"))),
    ("standings", _read_only(m.Standing, ("round", "rank"), doc=_standings_doc())),
]

router = SimpleRouter()  # no root view: it would answer for any community slug
router.register("inspections", InspectionViewSet, basename="service-inspection")
router.register("requests", RequestViewSet, basename="service-request")
router.register("production-records", RecordViewSet, basename="service-production-record")
router.register("competitions", CompetitionViewSet, basename="service-competition")
for prefix, viewset in READ_ONLY:
    router.register(prefix, viewset, basename=f"service-{prefix}")
urlpatterns = [path("", include(router.urls))]
