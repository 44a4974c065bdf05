"""The health API under /api/v1/c/<community>/health/: archives, plans, visits and outreach.

The same privacy as the pages: medical roles only (``health.care``; an outsider gets 404,
other roles 403), writes through the same services, and every response that carries an
archive's data logs one read of it (``via=api``), once per archive per response.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.urls import include, path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from sanjian.health import selectors
from sanjian.health.models import (
    ARCHIVE_FIELDS,
    VISIT_FIELDS,
    Condition,
    FollowUpPlan,
    HealthArchive,
    OutreachEvent,
    Visit,
)
from sanjian.health.services import archives as archive_services
from sanjian.health.services.outreach import outreach_save
from sanjian.health.services.visits import visit_record
from sanjian.lib.api import service_errors
from sanjian.lib.masking import mask_id_number, mask_phone
from sanjian.members.models import Person
from sanjian.tenancy.api import (
    CommunityAppendViewSet,
    CommunityEditViewSet,
    CommunityReadOnlyViewSet,
    CommunityRelatedField,
    CommunityViewSetMixin,
)
from sanjian.tenancy.models import ReadVia
from sanjian.tenancy.services import record_read


class HealthViewSetMixin(CommunityViewSetMixin):
    read_permission = "health.care"
    write_permission = "health.care"

    def log_reads(self, archives: Iterable[HealthArchive]) -> None:
        for archive in {a.pk: a for a in archives}.values():
            record_read(
                community=self.request.community, record=archive, actor=self.request.user, via=ReadVia.API
            )


@extend_schema_field(OpenApiTypes.STR)
class ConditionCodes(serializers.SlugRelatedField):
    def get_queryset(self) -> Any:
        return Condition.objects.all()


class ArchiveSerializer(serializers.ModelSerializer):
    person = CommunityRelatedField(Person)
    person_name = serializers.CharField(source="person.name", read_only=True)
    phone_masked = serializers.SerializerMethodField()
    id_number_masked = serializers.SerializerMethodField()
    conditions = serializers.SerializerMethodField()
    condition_codes = ConditionCodes(
        slug_field="code",
        many=True,
        write_only=True,
        required=False,
        help_text="Codes of the chronic conditions.",
    )
    doctor = serializers.PrimaryKeyRelatedField(
        queryset=get_user_model().objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = HealthArchive
        fields = [
            "id",
            "number",
            "person",
            "person_name",
            "phone_masked",
            "id_number_masked",
            "conditions",
            "condition_codes",
            *ARCHIVE_FIELDS,
            "status",
            "end_reason",
            "opened_on",
            "note",
        ]
        read_only_fields = ["status", "end_reason", "opened_on"]
        extra_kwargs = {"number": {"required": False, "allow_blank": True}}
        validators: list = []  # the service checks the per-community rules, in the user's language

    def get_phone_masked(self, archive: HealthArchive) -> str:
        return mask_phone(archive.person.phone) if archive.person.phone else ""

    def get_id_number_masked(self, archive: HealthArchive) -> str:
        return mask_id_number(archive.person.id_number)

    def get_conditions(self, archive: HealthArchive) -> list[str]:
        return [d.condition.code for d in archive.diagnoses.all()]


class ArchiveViewSet(HealthViewSetMixin, CommunityEditViewSet):
    serializer_class = ArchiveSerializer

    def readable(self) -> QuerySet:
        return (
            HealthArchive.objects.select_related("person", "doctor")
            .prefetch_related("diagnoses__condition")
            .order_by("number")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        self.log_reads(page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        archive = self.get_object()
        self.log_reads([archive])
        return Response(self.get_serializer(archive).data)

    def perform_create(self, serializer: ArchiveSerializer) -> None:
        data = dict(serializer.validated_data)
        with service_errors():
            serializer.instance = archive_services.archive_create(
                community=self.request.community,
                person=data.pop("person"),
                conditions=data.pop("condition_codes", []),
                actor=self.request.user,
                **data,
            )

    def perform_update(self, serializer: ArchiveSerializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("person", None)
        with service_errors():
            serializer.instance = archive_services.archive_update(
                archive=serializer.instance,
                conditions=data.pop("condition_codes", None),
                actor=self.request.user,
                **data,
            )


class PlanSerializer(serializers.ModelSerializer):
    condition = serializers.CharField(source="condition.code", read_only=True)
    on_time = serializers.BooleanField(read_only=True, allow_null=True)

    class Meta:
        model = FollowUpPlan
        fields = [
            "id",
            "archive",
            "condition",
            "kind",
            "period_start",
            "due_date",
            "doctor",
            "status",
            "done_on",
            "on_time",
        ]


class PlanViewSet(HealthViewSetMixin, CommunityReadOnlyViewSet):
    serializer_class = PlanSerializer

    def readable(self) -> QuerySet:
        if self.request.query_params.get("overdue"):
            plans = selectors.overdue(today=timezone.localdate())
        else:
            plans = FollowUpPlan.objects.select_related("archive", "condition").order_by("due_date", "pk")
        if self.request.query_params.get("mine"):
            plans = plans.filter(doctor=self.request.user)
        return plans

    @extend_schema(
        parameters=[
            OpenApiParameter("overdue", bool, description="Only open plans past their due date."),
            OpenApiParameter("mine", bool, description="Only the plans of the caller as responsible doctor."),
        ]
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        self.log_reads(p.archive for p in page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        self.log_reads([plan.archive])
        return Response(self.get_serializer(plan).data)


class VisitSerializer(serializers.ModelSerializer):
    archive = CommunityRelatedField(HealthArchive)
    bmi = serializers.DecimalField(max_digits=4, decimal_places=1, read_only=True, allow_null=True)

    class Meta:
        model = Visit
        fields = ["id", "archive", *VISIT_FIELDS, "doctor", "bmi"]
        read_only_fields = ["doctor"]


class VisitViewSet(HealthViewSetMixin, CommunityAppendViewSet):
    serializer_class = VisitSerializer

    def readable(self) -> QuerySet:
        return Visit.objects.select_related("archive").order_by("-date", "-pk")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        self.log_reads(v.archive for v in page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        visit = self.get_object()
        self.log_reads([visit.archive])
        return Response(self.get_serializer(visit).data)

    def perform_create(self, serializer: VisitSerializer) -> None:
        data = dict(serializer.validated_data)
        with service_errors():
            serializer.instance = visit_record(archive=data.pop("archive"), actor=self.request.user, **data)


class OutreachSerializer(serializers.ModelSerializer):
    served = serializers.SerializerMethodField(help_text="Archives of the people served, where known.")
    served_archives = CommunityRelatedField(HealthArchive, many=True, required=False, write_only=True)

    class Meta:
        model = OutreachEvent
        fields = [
            "id",
            "kind",
            "title",
            "date",
            "place",
            "staff",
            "people_served",
            "materials",
            "note",
            "served",
            "served_archives",
        ]

    def get_served(self, event: OutreachEvent) -> list[int]:
        return [s.archive_id for s in event.served.all()]


class OutreachViewSet(HealthViewSetMixin, CommunityEditViewSet):
    serializer_class = OutreachSerializer

    def readable(self) -> QuerySet:
        return OutreachEvent.objects.prefetch_related("served").order_by("-date", "-pk")

    def perform_create(self, serializer: OutreachSerializer) -> None:
        data = dict(serializer.validated_data)
        served = data.pop("served_archives", [])
        with service_errors():
            serializer.instance = outreach_save(
                event=OutreachEvent(community=self.request.community, **data),
                served=served,
                actor=self.request.user,
            )

    def perform_update(self, serializer: OutreachSerializer) -> None:
        """A PATCH changes the fields it names; ``served_archives``, when given, is the full list."""
        data = dict(serializer.validated_data)
        served = data.pop("served_archives", None)
        event = serializer.instance
        for name, value in data.items():
            setattr(event, name, value)
        with service_errors():
            serializer.instance = outreach_save(event=event, served=served, actor=self.request.user)


router = SimpleRouter()  # no root view: it would answer for any community slug
router.register("archives", ArchiveViewSet, basename="health-archive")
router.register("plans", PlanViewSet, basename="health-plan")
router.register("visits", VisitViewSet, basename="health-visit")
router.register("outreach", OutreachViewSet, basename="health-outreach")
urlpatterns = [path("", include(router.urls))]
