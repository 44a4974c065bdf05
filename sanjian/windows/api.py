"""The windows API: ratings (read, and submit for integrations), inspections, tickets, rankings.

Residents rate through the QR page, without an account. The interface's submit is for an
integrating system with an account of its own (the company's mobile app, a rating terminal at a
window): it names the resident's device, which gets one rating per window per hour.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import include, path
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import Throttled
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from sanjian.lib.api import service_errors
from sanjian.lib.masking import mask_phone
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.api import (
    CommunityAppendViewSet,
    CommunityReadOnlyViewSet,
    CommunityRelatedField,
    CommunityViewSetMixin,
)
from sanjian.windows import ranking, ratelimit, selectors, services
from sanjian.windows.models import (
    Appeal,
    Deduction,
    Inspection,
    InspectionLine,
    Level,
    Rating,
    Reason,
    Source,
    Ticket,
)


class MaskedPhoneField(serializers.CharField):
    def to_representation(self, value: str) -> str:
        return mask_phone(value) if value else ""


class RatingSerializer(serializers.ModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    phone = MaskedPhoneField(read_only=True)

    class Meta:
        model = Rating
        fields = [
            "id",
            "window",
            "level",
            "level_display",
            "reason",
            "comment",
            "phone",
            "created_at",
            "source",
            "excluded",
        ]


class RatingSubmitSerializer(serializers.Serializer):
    window = CommunityRelatedField(Unit, help_text="The id of a service window of the community.")
    device = serializers.CharField(
        max_length=128, help_text="The resident's device or account at the integrating app."
    )
    level = serializers.ChoiceField(choices=Level.choices)
    reason = serializers.ChoiceField(choices=Reason.choices, required=False, allow_blank=True, default="")
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")

    def validate_window(self, window: Unit) -> Unit:
        if window.kind != UnitKind.WINDOW or not window.is_active:
            raise serializers.ValidationError(_("Only a service window of this community can be rated."))
        return window


class RatingViewSet(CommunityAppendViewSet):
    """Residents' ratings of the windows in the caller's reach (phone numbers masked)."""

    model = Rating  # the submit serializer has no model
    read_permission = "windows.ratings_view"
    write_permission = "windows.ratings_submit_api"
    filterset_fields = ["window", "level", "day", "excluded"]

    def readable(self) -> QuerySet[Rating]:
        qs = Rating.objects.order_by("-created_at", "-pk")
        reach = self.access.reach(self.read_permission)
        return qs if reach is None else qs.filter(window_id__in=reach)

    def get_serializer_class(self):  # noqa: ANN201 - DRF's signature
        return RatingSubmitSerializer if self.action == "create" else RatingSerializer

    @extend_schema(request=RatingSubmitSerializer, responses={201: RatingSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Submit a rating on behalf of a resident: one per device per window per hour."""
        serializer = RatingSubmitSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not ratelimit.device_allows(data["window"].pk, data["device"]):
            raise Throttled(detail=_("This device rated this window less than an hour ago."))
        with service_errors():
            rating = services.rating_submit(
                community=request.community,
                window=data["window"],
                level=data["level"],
                reason=data["reason"],
                comment=data["comment"],
                phone=data["phone"],
                source=Source.API,
                actor=request.user,
            )
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)


class DeductionSerializer(serializers.ModelSerializer):
    withdrawn = serializers.SerializerMethodField()

    class Meta:
        model = Deduction
        fields = ["id", "points", "reason", "withdrawn"]

    def get_withdrawn(self, deduction: Deduction) -> bool:
        return deduction.withdrawn_by_id is not None


class InspectionLineSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="criterion.code")
    title = serializers.CharField(source="criterion.title")
    dimension = serializers.CharField(source="criterion.dimension")
    deductions = DeductionSerializer(many=True, read_only=True)

    class Meta:
        model = InspectionLine
        fields = [
            "code",
            "title",
            "dimension",
            "points",
            "deduction_cap",
            "is_veto",
            "applicable",
            "veto_triggered",
            "veto_reason",
            "deductions",
        ]


class InspectionSerializer(serializers.ModelSerializer):
    lines = InspectionLineSerializer(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "window",
            "standard",
            "inspector",
            "inspected_on",
            "status",
            "note",
            "points_applicable",
            "points_earned",
            "score",
            "vetoed",
            "submitted_at",
            "lines",
        ]


class InspectionViewSet(CommunityReadOnlyViewSet):
    """Inspections: submitted ones of the windows in reach; drafts to their inspector and leaders."""

    serializer_class = InspectionSerializer
    read_permission = "windows.inspections_view"
    filterset_fields = ["window", "status", "inspected_on"]

    def readable(self) -> QuerySet[Inspection]:
        return selectors.inspection_list(self.access).prefetch_related(
            "lines__criterion", "lines__deductions"
        )


class AppealSerializer(serializers.ModelSerializer):
    class Meta:
        model = Appeal
        fields = ["ground", "statement", "filed_at", "status", "decision_note", "decided_at"]


class TicketSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)
    level = serializers.IntegerField(source="rating.level")
    reason = serializers.CharField(source="rating.reason")
    comment = serializers.CharField(source="rating.comment")
    phone = MaskedPhoneField(source="rating.phone", read_only=True)
    overdue = serializers.SerializerMethodField()
    appeal = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = [
            "id",
            "number",
            "window",
            "status",
            "opened_on",
            "deadline",
            "overdue",
            "level",
            "reason",
            "comment",
            "phone",
            "rectification",
            "rectified_on",
            "callback_result",
            "callback_note",
            "appeal",
        ]

    def get_overdue(self, ticket: Ticket) -> bool:
        return ticket.is_overdue()

    @extend_schema_field(AppealSerializer(allow_null=True))
    def get_appeal(self, ticket: Ticket) -> dict | None:
        appeal = getattr(ticket, "appeal", None)
        return AppealSerializer(appeal).data if appeal else None


class TicketViewSet(CommunityReadOnlyViewSet):
    """Rectification tickets of the windows in reach."""

    serializer_class = TicketSerializer
    read_permission = "windows.tickets_view"
    filterset_fields = ["window", "status"]

    def readable(self) -> QuerySet[Ticket]:
        return selectors.ticket_list(self.access)


class RankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(allow_null=True)
    window = serializers.IntegerField(source="window.pk")
    window_name = serializers.CharField(source="window.name")
    ratings = serializers.IntegerField(source="total")
    satisfaction = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    average = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True)
    inspection = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    overdue = serializers.IntegerField()
    combined = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    talk = serializers.BooleanField()
    benchmark = serializers.SerializerMethodField()

    def get_benchmark(self, row: ranking.WindowScore) -> bool:
        return row.benchmark is not None


@extend_schema_serializer(many=False)  # the list action answers one object, not an array of them
class RankingSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="The month ranked, YYYY-MM.")
    results = RankingRowSerializer(many=True)


class RankingViewSet(CommunityViewSetMixin, viewsets.ViewSet):
    """The monthly ranking of the community's windows (from the daily rollups)."""

    read_permission = "windows.view"

    @extend_schema(
        parameters=[OpenApiParameter("month", str, description="YYYY-MM; the current month when left out")],
        responses=RankingSerializer,
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        month = ranking.Month.parse(request.query_params.get("month"))
        rows = ranking.community_ranking(month)
        return Response(RankingSerializer({"month": str(month), "results": rows}).data)


router = SimpleRouter()  # no root view: it would answer for any community slug
router.register("ratings", RatingViewSet, basename="rating")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("tickets", TicketViewSet, basename="ticket")
router.register("rankings", RankingViewSet, basename="ranking")
urlpatterns = [path("", include(router.urls))]
