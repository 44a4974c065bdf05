from __future__ import annotations

from dataclasses import replace

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from sanjian.lib.excel import Column
from sanjian.lib.files import file_download
from sanjian.lib.history import history_entries
from sanjian.lib.records import record_delete
from sanjian.lib.views import delete_page, form_page, list_page
from sanjian.org import selectors, services
from sanjian.org.forms import LinkageForm, RuleDocumentForm, StandardItemForm, UnitContactForm, UnitForm
from sanjian.org.models import DocumentCategory, Linkage, RuleDocument, StandardItem, Unit, UnitKind
from sanjian.tenancy.access import community_url, community_view
from sanjian.tenancy.views import RecordPages, View


@community_view("org.view")
def tree(request: HttpRequest) -> HttpResponse:
    roots = selectors.unit_tree()
    counts = selectors.unit_counts()
    sections = [
        (
            _("Party organisation"),
            roots[UnitKind.GENERAL_BRANCH] + roots[UnitKind.BRANCH],
            ngettext("%(n)d party branch", "%(n)d party branches", counts[UnitKind.BRANCH])
            % {"n": counts[UnitKind.BRANCH]},
        ),
        (
            _("Office departments"),
            roots[UnitKind.OFFICE],
            ngettext("%(n)d department", "%(n)d departments", counts[UnitKind.OFFICE])
            % {"n": counts[UnitKind.OFFICE]},
        ),
        (
            _("Supervising units"),
            roots[UnitKind.SUPERVISOR],
            ngettext("%(n)d unit", "%(n)d units", counts[UnitKind.SUPERVISOR])
            % {"n": counts[UnitKind.SUPERVISOR]},
        ),
        (
            _("Service networks and windows"),
            roots[UnitKind.NETWORK] + roots[UnitKind.WINDOW],
            ngettext("%(n)d service window", "%(n)d service windows", counts[UnitKind.WINDOW])
            % {"n": counts[UnitKind.WINDOW]},
        ),
    ]
    context = {
        "sections": [{"label": label, "nodes": nodes, "count": count} for label, nodes, count in sections],
        "can_manage": request.access.can("org.manage"),
    }
    return render(request, "org/tree.html", context)


@community_view("org.view")
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(Unit.objects.select_related("parent"), pk=pk)
    guaranteed = []
    if unit.kind in (UnitKind.OFFICE, UnitKind.SUPERVISOR):
        field = "office" if unit.kind == UnitKind.OFFICE else "supervisor"
        guaranteed = selectors.window_list().filter(**{f"linkage__{field}": unit})
    context = {
        "unit": unit,
        "children": unit.children.order_by("sort_order", "name"),
        "linkage": Linkage.objects.filter(window=unit).select_related("office", "supervisor").first(),
        "guaranteed": guaranteed,
        "history": history_entries(unit),
        "can_edit_contact": request.access.can("org.unit_contact", unit),
        "can_manage": request.access.can("org.manage"),
    }
    return render(request, "org/unit_detail.html", context)


UNIT_PAGES = RecordPages(
    model=Unit,
    form=UnitForm,
    save=services.unit_save,
    name="unit",
    template="org/unit_form.html",
    success="org:unit",
    message=gettext_lazy("The unit has been saved."),
    # "Add a window" links ask for the kind.
    form_kwargs=lambda request, unit: (
        {"initial": {"kind": request.GET["kind"]}}
        if unit is None and request.GET.get("kind") in UnitKind.values
        else {}
    ),
)
unit_create, unit_edit = UNIT_PAGES.views("org.manage")


@community_view("org.view")
def unit_contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Where a window, department or unit is and how to reach it: kept by the unit itself."""
    unit = get_object_or_404(Unit, pk=pk)
    request.access.require("org.unit_contact", unit)
    return replace(UNIT_PAGES, form=UnitContactForm).page(request, unit)


def _delete_view(model: type[Model], permission: str, *, success: str, cancel: str, message: Promise) -> View:
    """The delete page of one kind of org record: asks first, deletes it with its history
    (``lib.records.record_delete``), then goes to the page ``success``; Cancel goes to the
    record's page ``cancel``."""

    @community_view(permission)
    def delete(request: HttpRequest, pk: int) -> HttpResponse:
        record = get_object_or_404(model, pk=pk)
        return delete_page(
            request,
            record,
            delete=lambda: record_delete(record, actor=request.user),
            success=community_url(request, success),
            cancel=community_url(request, cancel, pk),
            message=message,
        )

    delete.__name__ = delete.__qualname__ = f"{model._meta.model_name}_delete"
    return delete


unit_delete = _delete_view(
    Unit,
    "org.manage",
    success="org:tree",
    cancel="org:unit",
    message=gettext_lazy("The unit has been deleted."),
)


@community_view("org.view")
def windows(request: HttpRequest) -> HttpResponse:
    rows = selectors.window_list()
    context = {"windows": rows, "can_manage": request.access.can("org.manage")}
    return list_page(
        request,
        "org/windows.html",
        context,
        title=_("Service windows and linkage"),
        columns=[
            Column(_("Service window"), lambda w: w.name),
            Column(_("Service network"), lambda w: w.parent.name if w.parent_id else ""),
            Column(_("Office department"), lambda w: w.linkage.office.name if w.linkage else ""),
            Column(_("Supervising unit"), lambda w: w.linkage.supervisor.name if w.linkage else ""),
        ],
        rows=rows,
    )


@community_view("org.manage")
def linkage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    window = get_object_or_404(Unit, pk=pk, kind=UnitKind.WINDOW)
    linkage = Linkage.objects.filter(window=window).first() or Linkage(window=window)
    form = LinkageForm(request.POST or None, instance=linkage, community=request.community)
    return form_page(
        request,
        form,
        save=lambda f: services.linkage_set(
            community=request.community,
            window=window,
            office=f.cleaned_data["office"],
            supervisor=f.cleaned_data["supervisor"],
            note=f.cleaned_data["note"],
            actor=request.user,
        ),
        template="org/linkage_form.html",
        success=lambda linkage: community_url(request, "org:unit", window.pk),
        message=_("The linkage has been saved."),
        context={"window": window, "history": history_entries(linkage) if linkage.pk else []},
    )


@community_view("documents.view")
def documents(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    current_only = request.GET.get("all") != "1"
    docs = selectors.document_list(current_only=current_only, category=category)
    context = {
        "documents": docs,
        "category": category,
        "current_only": current_only,
        "categories": DocumentCategory.choices,
        "can_manage": request.access.can("documents.manage"),
    }
    return list_page(
        request,
        "org/documents.html",
        context,
        title=_("Rules and regulations"),
        columns=[
            Column(_("Title"), lambda d: d.title),
            Column(_("Document number"), lambda d: d.number),
            Column(_("Issued by"), lambda d: d.issuer),
            Column(_("Effective from"), lambda d: d.effective_date),
            Column(_("In force"), lambda d: _("yes") if d.is_current else _("no")),
        ],
        rows=docs,
    )


@community_view("documents.view")
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(RuleDocument, pk=pk)
    context = {
        "document": document,
        "history": history_entries(document),
        "can_manage": request.access.can("documents.manage"),
    }
    return render(request, "org/document_detail.html", context)


@community_view("documents.view")
def document_file(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(RuleDocument, pk=pk)
    return file_download(document.file, download_name=document.title)


document_create, document_edit = RecordPages(
    model=RuleDocument,
    form=RuleDocumentForm,
    save=services.document_save,
    name="document",
    template="org/document_form.html",
    success="org:document",
    message=gettext_lazy("The document has been saved."),
).views("documents.manage")


document_delete = _delete_view(
    RuleDocument,
    "documents.manage",
    success="org:documents",
    cancel="org:document",
    message=gettext_lazy("The document has been deleted."),
)


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


@community_view("standards.view")
def standards(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    summary = selectors.standard_summary(year=year)
    context = {
        "summary": summary,
        "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        "can_manage": request.access.can("standards.manage"),
    }
    met, not_met = _("met"), _("not met")
    items = [
        Column(f"{item.code}. {item.title}", lambda s, pk=item.pk: met if pk in s.met else not_met)
        for item in summary.items
    ]
    return list_page(
        request,
        "org/standards.html",
        context,
        title=_("Standardised party branches"),
        columns=[
            Column(_("Party branch"), lambda s: s.branch.name),
            *items,
            Column(_("Result"), lambda s: f"{s.met_count}/{s.item_count}"),
        ],
        rows=summary.branches,
        filename=f"{_('Standardised party branches')}-{year}.xlsx",
    )


@require_POST
@community_view("standards.manage")
def standard_toggle(request: HttpRequest, branch_pk: int, item_pk: int) -> HttpResponse:
    """Flip one cell of the checklist (htmx) and answer the cell, the branch's row total and the share."""
    branch = get_object_or_404(Unit, pk=branch_pk, kind=UnitKind.BRANCH, is_active=True)
    item = get_object_or_404(StandardItem, pk=item_pk, is_active=True)
    year = _year(request)
    met = request.POST.get("met") == "1"
    services.branch_check_set(
        community=request.community, branch=branch, item=item, year=year, met=met, actor=request.user
    )
    if not request.htmx:
        return redirect(f"{community_url(request, 'org:standards')}?year={year}")
    summary = selectors.standard_summary(year=year)
    standing = next(s for s in summary.branches if s.branch.pk == branch.pk)
    return render(
        request,
        "org/_standard_row.html",
        {"standing": standing, "summary": summary, "can_manage": True, "oob": True},
    )


@community_view("standards.manage")
def standard_items(request: HttpRequest) -> HttpResponse:
    items = StandardItem.objects.all()
    return render(request, "org/standard_items.html", {"items": items})


standard_item_create, standard_item_edit = RecordPages(
    model=StandardItem,
    form=StandardItemForm,
    save=services.standard_item_save,
    name="item",
    template="org/standard_item_form.html",
    success="org:standard_items",
    success_arg=None,
    message=gettext_lazy("The checklist item has been saved."),
    history=True,
).views("standards.manage")


standard_item_delete = _delete_view(
    StandardItem,
    "standards.manage",
    success="org:standard_items",
    cancel="org:standard_item_edit",
    message=gettext_lazy("The checklist item has been deleted."),
)
