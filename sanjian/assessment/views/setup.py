"""The indicator library, the templates per unit kind and the community's assessment policy."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.assessment import selectors, services
from sanjian.assessment.forms import IndicatorForm, PolicyForm, TemplateForm, TemplateRowFormSet
from sanjian.assessment.models import ASSESSED_KINDS, Indicator, Template
from sanjian.lib.history import history_entries
from sanjian.lib.views import FORM_TEMPLATE, form_saved, titled_form_page
from sanjian.org.models import UnitKind
from sanjian.tenancy.access import community_url, community_view
from sanjian.tenancy.views import RecordPages


@community_view("assessment.manage")
def indicators(request: HttpRequest) -> HttpResponse:
    library = list(selectors.indicator_list())
    templates = {t.unit_kind: t for t in Template.objects.prefetch_related("items__indicator")}
    context = {
        "indicators": library,
        "missing": selectors.missing_sources(library),
        "templates": [(UnitKind(kind), templates.get(kind)) for kind in ASSESSED_KINDS],
        "policy": selectors.policy_for(request.community),
    }
    return render(request, "assessment/indicators.html", context)


indicator_create, indicator_edit = RecordPages(
    model=Indicator,
    form=IndicatorForm,
    save=services.indicator_save,
    name="indicator",
    template=FORM_TEMPLATE,
    success="assessment:indicators",
    success_arg=None,
    message=gettext_lazy("The indicator has been saved."),
    history=True,
    context=lambda request, indicator: {
        "title": str(indicator) if indicator else _("Add an indicator"),
        "cancel": community_url(request, "assessment:indicators"),
    },
).views("assessment.manage")


@community_view("assessment.manage")
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ASSESSED_KINDS:
        raise Http404
    template = Template.objects.filter(unit_kind=kind).first() or Template(
        unit_kind=kind, name=UnitKind(kind).label
    )
    items = list(template.items.all()) if template.pk else []
    initial = [
        {"item": i.pk, "indicator": i.indicator_id, "weight": i.weight, "target": i.target} for i in items
    ]
    form = TemplateForm(request.POST or None, instance=template, community=request.community)
    form.fields["unit_kind"].disabled = True
    rows = TemplateRowFormSet(
        request.POST or None,
        initial=initial,
        prefix="rows",
        form_kwargs={"indicators": Indicator.objects.filter(is_active=True)},
    )
    if request.method == "POST" and form.is_valid() and rows.is_valid():
        by_pk = {i.pk: i for i in items}
        changes = [
            services.TemplateRow(
                indicator=row["indicator"],
                weight=row["weight"],
                target=row.get("target"),
                item=by_pk.get(row.get("item")),
                delete=row.get("DELETE", False),
            )
            for row in rows.cleaned_data
            if row
        ]
        saved = form_saved(
            request,
            form,
            lambda: services.template_save(
                community=request.community, template=form.instance, rows=changes, actor=request.user
            ),
            success=lambda _template: community_url(request, "assessment:indicators"),
            message=_("The template has been saved."),
        )
        if saved is not None:
            return saved
    status = 400 if request.method == "POST" else 200
    context = {
        "form": form,
        "rows": rows,
        "template": template,
        "history": history_entries(template) if template.pk else None,
    }
    return render(request, "assessment/template_edit.html", context, status=status)


@community_view("assessment.manage")
def policy_edit(request: HttpRequest) -> HttpResponse:
    form = PolicyForm(
        request.POST or None, instance=selectors.policy_for(request.community), community=request.community
    )
    return titled_form_page(
        request,
        form,
        save=lambda f: services.policy_save(
            community=request.community, policy=f.instance, actor=request.user
        ),
        title=_("Assessment settings"),
        back=community_url(request, "assessment:indicators"),
        message=_("The settings have been saved."),
    )
