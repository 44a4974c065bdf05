"""The assessment API: periods, letters, entries (read, and entries written) and results."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import include, path
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.routers import SimpleRouter

from sanjian.assessment import selectors, services
from sanjian.assessment.models import (
    RULE_FIELDS,
    Entry,
    EntryKind,
    Letter,
    LetterItem,
    LineState,
    Period,
    PeriodStatus,
    Result,
)
from sanjian.assessment.permissions import may_enter
from sanjian.assessment.selectors import PUBLISHED
from sanjian.lib.api import service_errors
from sanjian.tenancy.api import (
    CommunityAppendViewSet,
    CommunityReadOnlyViewSet,
    CommunityRelatedField,
)


class PeriodSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Period
        fields = [
            "id",
            "kind",
            "year",
            "number",
            "label",
            "start",
            "end",
            "status",
            "published_at",
            "appeal_deadline",
        ]


class PeriodViewSet(CommunityReadOnlyViewSet):
    """Assessment periods: open → closed → reviewed → published → final."""

    serializer_class = PeriodSerializer
    read_permission = "assessment.view"
    filterset_fields = ["kind", "year", "status"]

    def readable(self) -> QuerySet[Period]:
        return Period.objects.order_by("-start", "kind")


class LetterItemSerializer(serializers.ModelSerializer):
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)

    class Meta:
        model = LetterItem
        fields = [
            "id",
            "indicator",
            "indicator_code",
            "indicator_name",
            "weight",
            *RULE_FIELDS,
        ]


class LetterSerializer(serializers.ModelSerializer):
    items = LetterItemSerializer(many=True, read_only=True)
    is_signed = serializers.BooleanField(read_only=True)

    class Meta:
        model = Letter
        fields = [
            "id",
            "period",
            "unit",
            "responsible",
            "issuer",
            "responsible_signed_at",
            "issuer_signed_at",
            "is_signed",
            "amendment_count",
            "items",
        ]


class LetterViewSet(CommunityReadOnlyViewSet):
    """Responsibility letters with their indicators, targets and weights."""

    serializer_class = LetterSerializer
    read_permission = "assessment.view"
    filterset_fields = ["period", "unit"]

    def readable(self) -> QuerySet[Letter]:
        letters = selectors.letters_in_reach(self.access)
        return letters.select_related("unit").prefetch_related("items__indicator").order_by("pk")


class EntrySerializer(serializers.ModelSerializer):
    item = CommunityRelatedField(LetterItem)
    kind = serializers.ChoiceField(choices=EntryKind.choices)

    class Meta:
        model = Entry
        fields = ["id", "item", "kind", "amount", "reason", "entered_by", "entered_at"]
        read_only_fields = ["entered_by", "entered_at"]


class EntryViewSet(CommunityAppendViewSet):
    """Manual score entries. Posting one follows the same rules as the page: the period must be
    open, the kind must fit the indicator, and the caller must be allowed for that indicator."""

    serializer_class = EntrySerializer
    read_permission = "assessment.view"
    write_permission = "assessment.enter"
    filterset_fields = ["item", "item__letter", "item__letter__period", "kind"]

    def readable(self) -> QuerySet[Entry]:
        return selectors.entries_in_reach(self.access).order_by("pk")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        item = serializer.validated_data["item"]
        if not may_enter(self.access, item.indicator, item.letter.unit):
            raise PermissionDenied
        with service_errors():
            serializer.instance = services.entry_add(
                item=item,
                kind=serializer.validated_data["kind"],
                amount=serializer.validated_data.get("amount"),
                reason=serializer.validated_data.get("reason", ""),
                actor=self.request.user,
            )


class LineSerializer(serializers.Serializer):
    """One indicator of a result, as computed (a snapshot kept with the result)."""

    indicator = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.CharField()
    measure = serializers.CharField()
    weight = serializers.DecimalField(max_digits=5, decimal_places=2)
    value = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True)
    state = serializers.ChoiceField(choices=LineState.choices)
    base = serializers.DecimalField(max_digits=7, decimal_places=2)
    deductions = serializers.DecimalField(max_digits=7, decimal_places=2)
    bonuses = serializers.DecimalField(max_digits=7, decimal_places=2)
    earned = serializers.DecimalField(max_digits=7, decimal_places=2)
    note = serializers.CharField()
    source = serializers.CharField()


class ResultSerializer(serializers.ModelSerializer):
    final_total = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, allow_null=True)
    lines = LineSerializer(source="breakdown", many=True, read_only=True)

    class Meta:
        model = Result
        fields = [
            "id",
            "period",
            "unit",
            "unit_kind",
            "total",
            "adjustment",
            "final_total",
            "rank",
            "rank_count",
            "change",
            "earned",
            "applicable_weight",
            "months",
            "lines",
        ]


class ResultViewSet(CommunityReadOnlyViewSet):
    """Comprehensive scores with their lines: published periods for every member; the leaders
    also see the drafts under review."""

    serializer_class = ResultSerializer
    read_permission = "assessment.results"
    filterset_fields = ["period", "unit", "unit_kind"]

    def readable(self) -> QuerySet[Result]:
        statuses = list(PUBLISHED)
        if self.access.can("assessment.manage"):
            statuses += [PeriodStatus.CLOSED, PeriodStatus.REVIEWED]
        return Result.objects.filter(period__status__in=statuses).order_by(
            "period", "unit_kind", "rank", "pk"
        )


router = SimpleRouter()  # no root view: it would answer for any community slug
router.register("periods", PeriodViewSet, basename="assessment-period")
router.register("letters", LetterViewSet, basename="assessment-letter")
router.register("entries", EntryViewSet, basename="assessment-entry")
router.register("results", ResultViewSet, basename="assessment-result")
urlpatterns = [path("", include(router.urls))]
