"""A person's data rights: the secretary exports everything about a person, or anonymises them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanjian.lib import registries
from sanjian.lib.excel import xlsx_response
from sanjian.lib.views import form_page
from sanjian.members.forms import AnonymiseForm
from sanjian.members.models import Person
from sanjian.members.rights import is_anonymised
from sanjian.members.services import rights
from sanjian.tenancy.access import community_url, community_view


def _page(request: HttpRequest, person: Person, form: AnonymiseForm) -> HttpResponse:
    return form_page(
        request,
        form,
        save=lambda f: rights.person_anonymise(
            community=request.community, person=person, actor=request.user, reason=f.cleaned_data["reason"]
        ),
        template="members/person_data.html",
        success=lambda p: community_url(request, "members:person", p.pk),
        message=_("The person's data has been anonymised."),
        context={
            "person": person,
            "entries": [(e, not e.perm or request.access.can(e.perm)) for e in registries.person_data.all()],
            "kept": rights.anonymise_blockers(person),
            "anonymised": is_anonymised(person),
        },
    )


@community_view("members.data_rights")
def person_data(request: HttpRequest, pk: int) -> HttpResponse:
    """What the platform holds about the person, the export, and the anonymisation."""
    person = get_object_or_404(Person, pk=pk)
    return _page(request, person, AnonymiseForm(request.POST or None))


@community_view("members.data_rights")
@require_POST
def person_data_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The workbook of everything about the person (a POST: each export is logged)."""
    person = get_object_or_404(Person, pk=pk)
    content, filename = rights.person_data_export(
        community=request.community, person=person, actor=request.user, can=request.access.can
    )
    return xlsx_response(content, filename)
