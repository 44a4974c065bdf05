from __future__ import annotations

from django.db.models import QuerySet
from django.urls import include, path
from rest_framework import serializers
from rest_framework.routers import SimpleRouter

from sanjian.org.models import Linkage, Unit
from sanjian.tenancy.api import CommunityReadOnlyViewSet


class LinkageSerializer(serializers.ModelSerializer):
    class Meta:
        model = Linkage
        fields = ["office", "supervisor", "note"]


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    linkage = LinkageSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "kind",
            "kind_display",
            "name",
            "code",
            "parent",
            "network_type",
            "location",
            "phone",
            "sort_order",
            "is_active",
            "linkage",
        ]


class UnitViewSet(CommunityReadOnlyViewSet):
    """The units of the community: branches, departments, supervising units, networks, windows."""

    serializer_class = UnitSerializer
    read_permission = "org.view"
    filterset_fields = ["kind", "parent", "is_active"]

    def readable(self) -> QuerySet[Unit]:
        return Unit.objects.select_related("linkage").order_by("kind", "sort_order", "name")


# No root view: it would answer for any community slug without checking access.
router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
urlpatterns = [path("", include(router.urls))]
