"""The follow-up rules page: every doctor reads the rules; the medical lead changes them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from sanjian.health.forms import RuleForm
from sanjian.health.models import Condition, FollowUpRule
from sanjian.health.services.conditions import rule_save
from sanjian.lib.views import form_page
from sanjian.tenancy.access import community_url, community_view


@community_view("health.care")
def rule_list(request: HttpRequest) -> HttpResponse:
    """Each condition of the community's list with its rule, or "recorded only"."""
    rules = {r.condition_id: r for r in FollowUpRule.objects.all()}
    rows = [(c, rules.get(c.pk)) for c in Condition.objects.all()]
    return render(request, "health/rules.html", {"rows": rows, "can_edit": request.access.can("health.lead")})


@community_view("health.lead")
def rule_edit(request: HttpRequest, condition_pk: int) -> HttpResponse:
    """Change a condition's rule, or give a recorded-only condition one. Plans already made keep
    their dates; the next ones follow the new rule."""
    condition = get_object_or_404(Condition, pk=condition_pk)
    rule = FollowUpRule.objects.filter(condition=condition).first() or FollowUpRule(
        community=request.community, condition=condition
    )
    form = RuleForm(request.POST or None, instance=rule, community=request.community)
    return form_page(
        request,
        form,
        save=lambda form: rule_save(rule=form.save(commit=False), actor=request.user),
        template="health/rule_form.html",
        success=lambda rule: community_url(request, "health:rules"),
        message=gettext_lazy("The follow-up rule has been saved."),
        context={"condition": condition},
    )
