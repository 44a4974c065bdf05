"""The dedication API under /api/v1/c/<community>/dedication/: projects, activities and their
sign-up and check-in, hour logs and their verification, and the verified totals.

Everything is written through the same services as the pages, so the same rules hold (no
overlapping logs, no more than the day limit, nobody verifies their own hours); a refused write
answers 400 with the service's message and changes nothing. The check-in key is never read out
here: a member gets it from the QR code the organiser shows.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import include, path
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from sanjian.dedication import access, selectors
from sanjian.dedication.models import (
    ACTIVITY_FIELDS,
    PROJECT_FIELDS,
    Activity,
    HourLog,
    Project,
    SignUp,
    hours_of,
)
from sanjian.dedication.services import activities as activity_services
from sanjian.dedication.services import hours as hour_services
from sanjian.dedication.services import projects as project_services
from sanjian.lib.api import service_errors
from sanjian.members.access import my_person
from sanjian.members.models import Person
from sanjian.org.models import Unit
from sanjian.tenancy.api import (
    CommunityAppendViewSet,
    CommunityEditViewSet,
    CommunityRelatedField,
    CommunityViewSetMixin,
)


class DedicationViewSetMixin(CommunityViewSetMixin):
    """Puts the caller's access on the request, for the app's access rules (a token caller is
    known only after DRF authenticated it)."""

    #: Write permission per action; ``write_permission`` is the fallback.
    action_permissions: dict[str, str] = {}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        self.write_permission = self.action_permissions.get(self.action or "", type(self).write_permission)
        super().initial(request, *args, **kwargs)
        request._request.access = self.access

    def me(self) -> Person:
        person = my_person(self.request)
        if person is None:
            raise PermissionDenied(_("Your account is not linked to a person of this community."))
        return person


# --- projects ---------------------------------------------------------------------------------


class ProgressSerializer(serializers.Serializer):
    hours = serializers.DecimalField(max_digits=12, decimal_places=1)
    target_hours = serializers.DecimalField(max_digits=12, decimal_places=1)
    hours_percent = serializers.IntegerField(allow_null=True)
    benefit = serializers.DecimalField(max_digits=14, decimal_places=2)
    target_benefit = serializers.DecimalField(max_digits=14, decimal_places=2)
    benefit_percent = serializers.IntegerField(allow_null=True)
    imputed_value = serializers.DecimalField(
        max_digits=14,
        decimal_places=2,
        allow_null=True,
        help_text="Verified hours × the project's hourly value; never part of the direct benefit.",
    )
    activities = serializers.IntegerField()
    volunteers = serializers.IntegerField()


class ProjectSerializer(serializers.ModelSerializer):
    leader = CommunityRelatedField(Person)
    branches = CommunityRelatedField(Unit, many=True, required=False)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = ["id", *PROJECT_FIELDS, "kind_display", "progress"]

    @extend_schema_field(ProgressSerializer)
    def get_progress(self, project: Project) -> dict[str, Any]:
        progress = self.context.get("progress", {}).get(project.pk) or selectors.project_progress(project)
        return ProgressSerializer(progress).data


class ProjectViewSet(DedicationViewSetMixin, CommunityEditViewSet):
    """Dedication projects and double-hundred activity projects with their progress against the
    targets (verified hours only). Leaders (`dedication.manage`) create and change them."""

    serializer_class = ProjectSerializer
    read_permission = "dedication.view"
    write_permission = "dedication.manage"
    filterset_fields = ["kind", "status"]

    def readable(self) -> QuerySet[Project]:
        return (
            Project.objects.select_related("leader")
            .prefetch_related("branches")
            .order_by("kind", "name", "pk")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The page's progress figures are read in a fixed number of queries, not one per project."""
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        projects = list(page if page is not None else queryset)
        context = {**self.get_serializer_context(), "progress": selectors.projects_progress(projects)}
        data = ProjectSerializer(projects, many=True, context=context).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        branches = data.pop("branches", None)
        self._save_project(serializer, Project(**data), branches)

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        branches = data.pop("branches", None)
        project = serializer.instance
        for name, value in data.items():
            setattr(project, name, value)
        self._save_project(serializer, project, branches)

    def _save_project(self, serializer: serializers.BaseSerializer, project: Project, branches: Any) -> None:
        with service_errors():
            serializer.instance = project_services.project_save(
                community=self.request.community, project=project, branches=branches, actor=self.request.user
            )


# --- activities -------------------------------------------------------------------------------


class ActivitySerializer(serializers.ModelSerializer):
    project = CommunityRelatedField(Project, allow_null=True, required=False)
    organiser = CommunityRelatedField(
        Person, required=False, help_text="Leaders may name the organiser; anyone else organises their own."
    )
    signed_up = serializers.IntegerField(read_only=True)

    class Meta:
        model = Activity
        fields = ["id", *ACTIVITY_FIELDS, "is_cancelled", "cancel_reason", "signed_up"]
        read_only_fields = ["is_cancelled", "cancel_reason"]


class KeySerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The check-in key in the QR code the organiser shows.")


class SignUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = SignUp
        fields = ["id", "activity", "person", "signed_up_at", "checked_in_at", "checked_out_at"]


class HourLogSerializer(serializers.ModelSerializer):
    activity = CommunityRelatedField(Activity)
    person_name = serializers.CharField(source="person.name", read_only=True)
    hours = serializers.DecimalField(max_digits=6, decimal_places=1, read_only=True)

    class Meta:
        model = HourLog
        fields = [
            "id",
            "person",
            "person_name",
            "branch",
            "activity",
            "started_at",
            "ended_at",
            "minutes",
            "hours",
            "worked_on",
            "source",
            "note",
            "status",
            "reject_reason",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = ["person", "decided_by"]


class ActivityViewSet(DedicationViewSetMixin, CommunityAppendViewSet):
    """Volunteer activities. Organisers create them; members sign up, withdraw, and check in and
    out with the key in the organiser's QR code (check-out writes a pending hour log)."""

    serializer_class = ActivitySerializer
    read_permission = "dedication.view"
    write_permission = "dedication.organise"
    action_permissions = {
        "sign_up": "dedication.take_part",
        "withdraw": "dedication.take_part",
        "check_in": "dedication.take_part",
        "check_out": "dedication.take_part",
    }
    filterset_fields = ["project", "category", "is_cancelled"]

    def readable(self) -> QuerySet[Activity]:
        return Activity.objects.annotate(signed_up=Count("signups")).order_by("-starts_at", "pk")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = dict(serializer.validated_data)
        if not access.is_leader(self.request) or data.get("organiser") is None:
            if not access.can_organise(self.request):
                raise PermissionDenied
            data["organiser"] = self.me()
        with service_errors():
            activity = activity_services.activity_save(
                community=self.request.community,
                activity=Activity(**data),
                actor=self.request.user,
                may_backdate=access.is_leader(self.request),
            )
        activity.signed_up = 0
        serializer.instance = activity

    @extend_schema(request=None, responses={201: SignUpSerializer})
    @action(detail=True, methods=["post"], url_path="sign-up")
    def sign_up(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Take a place in the activity (refused when it is full, over or cancelled)."""
        with service_errors():
            signup = activity_services.signup_create(
                activity=self.get_object(), person=self.me(), actor=request.user
            )
        return Response(SignUpSerializer(signup).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Give the place up (not after checking in)."""
        with service_errors():
            activity_services.signup_withdraw(
                activity=self.get_object(), person=self.me(), actor=request.user
            )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=KeySerializer, responses={200: SignUpSerializer})
    @action(detail=True, methods=["post"], url_path="check-in")
    def check_in(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        key = self._key(request)
        with service_errors():
            signup = activity_services.signup_check_in(
                activity=self.get_object(), person=self.me(), key=key, actor=request.user
            )
        return Response(SignUpSerializer(signup).data)

    @extend_schema(request=KeySerializer, responses={201: HourLogSerializer})
    @action(detail=True, methods=["post"], url_path="check-out")
    def check_out(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Check out: the time since checking in becomes a pending hour log."""
        key = self._key(request)
        with service_errors():
            log = activity_services.signup_check_out(
                activity=self.get_object(), person=self.me(), key=key, actor=request.user
            )
        return Response(HourLogSerializer(log).data, status=status.HTTP_201_CREATED)

    def _key(self, request: Request) -> str:
        serializer = KeySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data["key"]


# --- hour logs --------------------------------------------------------------------------------


class DecisionSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class HourLogViewSet(DedicationViewSetMixin, CommunityAppendViewSet):
    """Hour logs: the caller's own, and those the caller may verify (of the activities they
    organise, of the branch whose secretary they are; leaders: all). A member logs their own
    hours for an activity, pending until the organiser or the branch secretary verifies them."""

    serializer_class = HourLogSerializer
    read_permission = "dedication.view"
    write_permission = "dedication.take_part"
    action_permissions = {"verify": "dedication.organise", "reject": "dedication.organise"}
    filterset_fields = ["status", "activity", "person", "worked_on"]

    def readable(self) -> QuerySet[HourLog]:
        qs = HourLog.objects.select_related("person", "activity").order_by("-started_at", "pk")
        if self.action in ("verify", "reject") or access.is_leader(self.request):
            return qs  # a log the caller may not verify is refused with 403, below
        me = my_person(self.request)
        if me is None:
            return qs.none()
        mine = Q(person=me)
        if self.access.can("dedication.organise"):
            mine |= Q(activity__organiser=me)
            branch = access.secretary_branch_id(self.request)
            if branch is not None:
                mine |= Q(branch_id=branch)
        return qs.filter(mine)

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        with service_errors():
            serializer.instance = hour_services.own_log_create(
                community=self.request.community,
                person=self.me(),
                activity=data["activity"],
                started_at=data["started_at"],
                ended_at=data["ended_at"],
                note=data.get("note", ""),
                actor=self.request.user,
            )

    @extend_schema(request=None, responses={200: HourLogSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Verify the log: from now on it counts."""
        return self._decide(request, verify=True, reason="")

    @extend_schema(request=DecisionSerializer, responses={200: HourLogSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Reject the log, saying why."""
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return self._decide(request, verify=False, reason=serializer.validated_data["reason"])

    def _decide(self, request: Request, *, verify: bool, reason: str) -> Response:
        log = self.get_object()
        if not access.can_verify(request, log):
            raise PermissionDenied(_("You may not verify this log."))
        with service_errors():
            log = hour_services.log_decide(log=log, verify=verify, reason=reason, actor=request.user)
        return Response(HourLogSerializer(log).data)


# --- totals -----------------------------------------------------------------------------------


class TotalRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    hours = serializers.DecimalField(max_digits=12, decimal_places=1)


@extend_schema_serializer(many=False)  # the list action answers one object, not an array of them
class TotalsSerializer(serializers.Serializer):
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    hours = serializers.DecimalField(
        max_digits=12, decimal_places=1, help_text="Verified hours of the community."
    )
    cadre_hours = serializers.DecimalField(
        max_digits=12, decimal_places=1, help_text="Verified hours given by party members."
    )
    benefit = serializers.DecimalField(
        max_digits=14, decimal_places=2, help_text="Direct economic benefit (yuan) of the period."
    )
    members = TotalRowSerializer(many=True)
    branches = TotalRowSerializer(many=True)
    projects = TotalRowSerializer(many=True)


def _date_param(request: Request, name: str) -> datetime.date | None:
    text = request.query_params.get(name, "").strip()
    if not text:
        return None
    try:
        value = parse_date(text)
    except ValueError:
        value = None
    if value is None:
        raise ValidationError(
            {name: [_("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": text}]}
        )
    return value


def _rows(minutes: dict[Any, int], names: dict[int, str]) -> list[dict[str, Any]]:
    rows = [
        {"id": pk, "name": names.get(pk, ""), "hours": hours_of(total)}
        for pk, total in minutes.items()
        if pk is not None
    ]
    return sorted(rows, key=lambda row: (-row["hours"], row["name"], row["id"]))


class TotalsViewSet(DedicationViewSetMixin, viewsets.ViewSet):
    """Verified hours per member, branch, project and for the whole community, for a period.
    Pending and rejected logs never count."""

    read_permission = "dedication.view"

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "start", datetime.date, description="First day (YYYY-MM-DD); open when left out"
            ),
            OpenApiParameter("end", datetime.date, description="Last day (YYYY-MM-DD); open when left out"),
        ],
        responses=TotalsSerializer,
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        start, end = _date_param(request, "start"), _date_param(request, "end")
        if start and end and end < start:
            raise ValidationError({"end": [_("The period ends after it starts.")]})
        people = selectors.minutes_by("person", start, end)
        branches = selectors.minutes_by("branch", start, end)
        projects = selectors.minutes_by("activity__project", start, end)
        data = {
            "start": start,
            "end": end,
            "hours": hours_of(selectors.community_minutes(start, end)),
            "cadre_hours": hours_of(selectors.cadre_minutes(start, end)),
            "benefit": selectors.benefit_total(start, end),
            "members": _rows(people, {p.pk: p.name for p in Person.objects.filter(pk__in=list(people))}),
            "branches": _rows(branches, {u.pk: u.name for u in Unit.objects.filter(pk__in=list(branches))}),
            "projects": _rows(
                projects, {p.pk: p.name for p in Project.objects.filter(pk__in=list(projects))}
            ),
        }
        return Response(TotalsSerializer(data).data)


router = SimpleRouter()  # no root view: it would answer for any community slug
router.register("projects", ProjectViewSet, basename="dedication-project")
router.register("activities", ActivityViewSet, basename="dedication-activity")
router.register("hour-logs", HourLogViewSet, basename="dedication-hour-log")
router.register("totals", TotalsViewSet, basename="dedication-totals")
urlpatterns = [path("", include(router.urls))]
