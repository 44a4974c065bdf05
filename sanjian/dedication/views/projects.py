"""Dedication projects: the list with progress, a project's page, its photos and benefit entries."""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.dedication import selectors
from sanjian.dedication.access import is_leader
from sanjian.dedication.forms import BenefitForm, PhotoForm, ProjectForm
from sanjian.dedication.models import Activity, BenefitEntry, Project, ProjectKind, ProjectPhoto
from sanjian.dedication.services import projects as services
from sanjian.lib.excel import Column
from sanjian.lib.files import file_download
from sanjian.lib.history import history_entries
from sanjian.lib.views import form_saved, list_page
from sanjian.org.models import Unit
from sanjian.tenancy.access import community_url, community_view
from sanjian.tenancy.views import RecordPages


@community_view("dedication.view")
def project_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in ProjectKind.values else ""
    projects = list(
        Project.objects.select_related("leader")
        .prefetch_related(Prefetch("branches", queryset=Unit.objects.order_by("code")))
        .filter(**({"kind": kind} if kind else {}))
    )
    progress = selectors.projects_progress(projects)
    groups = [
        (value, label, [(p, progress[p.pk]) for p in projects if p.kind == value])
        for value, label in ProjectKind.choices
        if not kind or value == kind
    ]
    context = {"groups": groups, "kind": kind, "kinds": ProjectKind.choices, "can_manage": is_leader(request)}
    return list_page(
        request,
        "dedication/projects.html",
        context,
        title=_("Dedication projects"),
        columns=[
            Column(_("Kind"), lambda r: r[0].get_kind_display()),
            Column(_("Project"), lambda r: r[0].name),
            Column(_("Status"), lambda r: r[0].get_status_display()),
            Column(_("Leading member"), lambda r: r[0].leader.name),
            Column(_("Starts on"), lambda r: r[0].starts_on),
            Column(_("Ends on"), lambda r: r[0].ends_on),
            Column(_("Verified hours"), lambda r: r[1].hours),
            Column(_("Target hours"), lambda r: r[1].target_hours),
            Column(_("Benefit (yuan)"), lambda r: r[1].benefit),
            Column(_("Activities"), lambda r: r[1].activities),
            Column(_("Volunteers"), lambda r: r[1].volunteers),
        ],
        rows=[row for _value, _label, rows in groups for row in rows],
    )


@community_view("dedication.view")
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("leader"), pk=pk)
    can_manage = is_leader(request)
    photo_form = PhotoForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        request.access.require("dedication.manage")
        if photo_form.is_valid():
            saved = form_saved(
                request,
                photo_form,
                lambda: services.photo_add(
                    project=project,
                    upload=photo_form.cleaned_data["image"],
                    caption=photo_form.cleaned_data["caption"],
                    actor=request.user,
                ),
                success=lambda _photo: community_url(request, "dedication:project", project.pk),
                message=_("The photo has been added."),
                field="image",
            )
            if saved is not None:
                return saved
        status = 400
    context = {
        "project": project,
        "progress": selectors.project_progress(project),
        "branches": project.branches.order_by("code"),
        "activities": Activity.objects.filter(project=project).select_related("organiser"),
        "benefits": BenefitEntry.objects.filter(project=project).select_related("recorded_by"),
        "photos": ProjectPhoto.objects.filter(project=project),
        "history": history_entries(project),
        "can_manage": can_manage,
        "photo_form": photo_form,
    }
    return render(request, "dedication/project.html", context, status=status)


project_create, project_edit = RecordPages(
    model=Project,
    form=ProjectForm,
    save=services.project_save,
    name="project",
    template="dedication/project_form.html",
    success="dedication:project",
    message=gettext_lazy("The project has been saved."),
    save_kwargs=lambda request, form: {"branches": form.cleaned_data["branches"]},
).views("dedication.manage")


@community_view("dedication.view")
def photo(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    item = get_object_or_404(ProjectPhoto, pk=photo_pk, project_id=pk)
    return file_download(item.image, inline=True)


benefit_create, benefit_edit = RecordPages(
    model=BenefitEntry,
    form=BenefitForm,
    save=services.benefit_save,
    name="entry",
    parent="project",
    template="dedication/benefit_form.html",
    success="dedication:project",
    success_arg="project_id",
    message=gettext_lazy("The benefit entry has been saved."),
).views("dedication.manage")


@community_view("dedication.view")
def benefit_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(BenefitEntry.objects.select_related("project"), pk=pk)
    return file_download(entry.evidence)
