"""DRF endpoints for people, party members, meetings and dues: scoped and permissioned like the pages.

Unit-tied roles see what their reach covers; full ID numbers only for those who may see them.
People are written through the same service as the pages.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import include, path
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from sanjian.lib.api import service_errors
from sanjian.lib.masking import mask_id_number, mask_phone
from sanjian.members import services
from sanjian.members.models import PARTY_FIELDS, PERSON_FIELDS, DuesPayment, Meeting, PartyMember, Person
from sanjian.members.validators import normalise_id_number
from sanjian.org.models import Unit
from sanjian.tenancy.api import (
    CommunityEditViewSet,
    CommunityReadOnlyViewSet,
    CommunityRelatedField,
    CommunityViewSetMixin,
)


class PersonSerializer(serializers.ModelSerializer):
    unit = CommunityRelatedField(Unit, allow_null=True, required=False)
    gender_display = serializers.CharField(source="get_gender_display", read_only=True)

    class Meta:
        model = Person
        fields = ["id", *PERSON_FIELDS, "gender_display"]

    def to_representation(self, instance: Person) -> dict[str, Any]:
        data = super().to_representation(instance)
        if not self.context.get("full_id"):
            data["id_number"] = mask_id_number(data["id_number"])
            data["phone"] = mask_phone(data["phone"])
        return data

    def validate_id_number(self, value: str) -> str:
        return normalise_id_number(value)


class PartyMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.name", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = PartyMember
        fields = [
            "id",
            "person",
            "name",
            *PARTY_FIELDS,
            "status_display",
            "is_active",
        ]


class MeetingSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "branch",
            "kind",
            "kind_display",
            "held_on",
            "topic",
            "location",
            "expected",
            "present",
        ]


class DuesPaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = DuesPayment
        fields = ["id", "member", "branch", "month", "amount_due", "amount_paid", "paid_on", "paid_by"]


def _in_reach(viewset: CommunityViewSetMixin, rows: QuerySet, person_path: str, branch_path: str) -> QuerySet:
    """The rows a unit-tied caller's reach covers: by the branch, or by the person's unit."""
    reach = viewset.access.reach(viewset.read_permission)
    if reach is None:
        return rows
    q = Q(**{f"{branch_path}__in": reach})
    return rows.filter(q | Q(**{f"{person_path}__in": reach}) if person_path else q)


class PersonViewSet(CommunityEditViewSet):
    """People of the community (THE record of a person). Writing needs `members.manage`."""

    serializer_class = PersonSerializer
    read_permission = "members.view"
    write_permission = "members.manage"
    filterset_fields = ["unit", "category", "is_active", "gender"]

    def readable(self) -> QuerySet[Person]:
        return _in_reach(
            self, Person.objects.select_related("unit").order_by("name", "pk"), "unit_id", "party__branch_id"
        )

    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()
        context["full_id"] = hasattr(self, "access") and self.access.can("members.id_number")
        return context

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        self._save(serializer, Person(**serializer.validated_data))

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        person = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(person, key, value)
        self._save(serializer, person)

    def _save(self, serializer: serializers.BaseSerializer, person: Person) -> None:
        with service_errors():
            serializer.instance = services.person_save(
                community=self.request.community, person=person, actor=self.request.user
            )


class PartyMemberViewSet(CommunityReadOnlyViewSet):
    """Party members' archives: branch, status, dates, the three-level chain."""

    serializer_class = PartyMemberSerializer
    read_permission = "members.view"
    filterset_fields = ["branch", "status", "is_floating", "is_active"]

    def readable(self) -> QuerySet[PartyMember]:
        return _in_reach(
            self,
            PartyMember.objects.select_related("person").order_by("person__name", "pk"),
            "person__unit_id",
            "branch_id",
        )


class MeetingViewSet(CommunityReadOnlyViewSet):
    """Branch meetings (三会一课) with expected and present counts."""

    serializer_class = MeetingSerializer
    read_permission = "members.view"
    filterset_fields = ["branch", "kind", "held_on"]

    def readable(self) -> QuerySet[Meeting]:
        return _in_reach(self, Meeting.objects.order_by("-held_on", "pk"), "", "branch_id")


class DuesPaymentViewSet(CommunityReadOnlyViewSet):
    """Party dues payments, per member and month (branch committees and managers)."""

    serializer_class = DuesPaymentSerializer
    read_permission = "members.branch_work"
    filterset_fields = ["branch", "member", "month"]

    def readable(self) -> QuerySet[DuesPayment]:
        qs = DuesPayment.objects.order_by("-month", "pk")
        if self.access.can("members.manage"):
            return qs
        from sanjian.members.models.people import COMMITTEE_POSTS

        mine = PartyMember.objects.filter(
            person__user=self.request.user, is_active=True, party_post__in=COMMITTEE_POSTS
        ).values_list("branch_id", flat=True)
        return qs.filter(branch_id__in=list(mine))


router = SimpleRouter()  # no root view: it would answer for any community slug
router.register("people", PersonViewSet, basename="person")
router.register("party-members", PartyMemberViewSet, basename="party-member")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("dues-payments", DuesPaymentViewSet, basename="dues-payment")
urlpatterns = [path("", include(router.urls))]
