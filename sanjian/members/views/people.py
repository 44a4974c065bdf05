"""People, party archives, the three-level chain, export."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.lib.excel import write_sheet, xlsx_response
from sanjian.lib.files import file_download
from sanjian.lib.history import history_entries
from sanjian.lib.masking import mask_id_number, mask_phone
from sanjian.lib.registries import person_sections
from sanjian.lib.replica import replica_reads
from sanjian.lib.views import form_page, int_param
from sanjian.members import importer, selectors, services
from sanjian.members.access import my_person, require_person, sees_full_id_number, works_for_branch
from sanjian.members.forms import PartyMemberForm, PersonForm
from sanjian.members.models import PartyMember, PartyStatus, Person, PersonCategory
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.access import community_url, community_view
from sanjian.tenancy.views import RecordPages


def _filters(request: HttpRequest) -> dict:
    status = request.GET.get("status", "")
    return {
        "q": request.GET.get("q", "").strip()[:50],
        "unit": int_param(request.GET.get("unit")),
        "branch": int_param(request.GET.get("branch")),
        "status": status if status in {*PartyStatus.values, "none", "member"} else "",
        "category": request.GET.get("category", "")
        if request.GET.get("category") in PersonCategory.values
        else "",
    }


def _people(request: HttpRequest, filters: dict):
    status = filters["status"]
    qs = selectors.person_list(
        **{**filters, "status": "" if status == "member" else status},
        reach=request.access.reach("members.view"),
    )
    if status == "member":
        qs = qs.filter(party__status__in=[PartyStatus.PROBATIONARY, PartyStatus.FULL], party__is_active=True)
    return qs


@community_view("members.own")
def me(request: HttpRequest) -> HttpResponse:
    """The logged-in user's own archive."""
    person = my_person(request)
    if person is None:
        return render(request, "members/no_archive.html")
    return redirect(community_url(request, "members:person", person.pk))


@community_view("members.view")
def people(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page = Paginator(_people(request, filters), 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query": request.GET.urlencode(),
        "units": Unit.objects.exclude(kind__in=[UnitKind.BRANCH, UnitKind.GENERAL_BRANCH]).order_by(
            "kind", "name"
        ),
        "branches": selectors.branches(),
        "statuses": PartyStatus.choices,
        "categories": PersonCategory.choices,
        "full_id": sees_full_id_number(request),
        "can_manage": request.access.can("members.manage"),
    }
    return render(request, "members/people.html", context)


@community_view("members.manage")
@replica_reads
def export(request: HttpRequest) -> HttpResponse:
    """The filtered list as an .xlsx with the import's headers, so that it can be edited and re-imported."""
    qs = _people(request, _filters(request)).select_related(
        "party__leader", "party__cadre", "party__post_unit"
    )
    full = sees_full_id_number(request)
    columns = importer.headers()
    rows = (_export_row(p, full) for p in qs.iterator(chunk_size=1000))
    name = _("party-members-%(date)s.xlsx") % {"date": f"{timezone.localdate():%Y%m%d}"}
    return xlsx_response(write_sheet(list(columns.values()), rows, title=_("Roster")), name)


def _export_row(p: Person, full: bool) -> list:
    party = getattr(p, "party", None)
    d = lambda v: v.isoformat() if v else ""  # noqa: E731
    row = [
        p.name,
        p.get_gender_display(),
        p.id_number if full else mask_id_number(p.id_number),
        d(p.birth_date),
        p.phone if full else mask_phone(p.phone),
        p.employee_number,
        p.get_category_display(),
        p.unit.name if p.unit else "",
        p.post,
        p.dormitory_room,
    ]
    if party is None:
        return row + [""] * 13
    link = lambda person: (person.id_number if full else person.name) if person else ""  # noqa: E731
    return row + [
        party.branch.name,
        party.get_status_display(),
        d(party.applied_on),
        d(party.activist_on),
        d(party.candidate_on),
        d(party.joined_on),
        d(party.full_on),
        party.introducers,
        party.get_party_post_display() if party.party_post else "",
        _("yes") if party.is_floating else _("no"),
        link(party.leader),
        link(party.cadre),
        party.post_unit.name if party.post_unit else "",
    ]


@community_view()
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("unit", "user"), pk=pk)
    require_person(request, person)
    party = (
        PartyMember.objects.filter(person=person)
        .select_related("branch", "leader", "cadre", "post_unit")
        .first()
    )
    me_ = my_person(request)
    own = me_ is not None and me_.pk == person.pk
    context = {
        "person": person,
        "party": party,
        "own": own,
        "full_id": sees_full_id_number(request),
        "can_manage": request.access.can("members.manage"),
        "can_data_rights": request.access.can("members.data_rights"),
        "sections": render_sections(request, person, own=own),
        "history": history_entries(person),
        "party_history": history_entries(party) if party else [],
        "managed": PartyMember.objects.filter(cadre=person, is_active=True).select_related("person"),
        "led": PartyMember.objects.filter(leader=person, is_active=True).select_related("person"),
        "transfers": party.transfers.select_related("from_branch", "to_branch") if party else [],
        "can_transfer": bool(party and party.is_active and works_for_branch(request, party.branch)),
    }
    return render(request, "members/person.html", context)


@community_view()
def person_photo(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    require_person(request, person)
    return file_download(person.photo)


person_create, person_edit = RecordPages(
    model=Person,
    form=PersonForm,
    save=services.person_save,
    name="person",
    template="members/person_form.html",
    success="members:person",
    message=gettext_lazy("The person has been saved."),
    form_kwargs=lambda request, _person: {"full_id": sees_full_id_number(request)},
).views("members.manage")


@community_view("members.manage")
def party_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Open or correct a person's party archive."""
    person = get_object_or_404(Person, pk=pk)
    member = PartyMember.objects.filter(person=person).first() or PartyMember(person=person)
    form = PartyMemberForm(request.POST or None, instance=member, community=request.community)
    if member.pk and "branch" in form.fields:
        form.fields["branch"].disabled = True
        form.fields["branch"].help_text = _("A move to another branch is a relationship transfer.")
    return form_page(
        request,
        form,
        save=lambda f: services.party_member_save(
            community=request.community, member=f.instance, actor=request.user
        ),
        template="members/party_form.html",
        success=lambda m: community_url(request, "members:person", person.pk),
        message=_("The party archive has been saved."),
        context={"person": person},
    )


@community_view("members.view")
def chain(request: HttpRequest) -> HttpResponse:
    branch = int_param(request.GET.get("branch"))
    reach = request.access.reach("members.view")
    if reach is not None and branch not in reach:
        # A branch-tied role sees its own branch's chain.
        branch = next(
            iter(sorted(b for b in selectors.branches().values_list("pk", flat=True) if b in reach)), -1
        )
    context = {
        "chain": selectors.member_chain(branch=branch),
        "branches": selectors.branches(),
        "branch": branch,
        "can_choose": reach is None,
    }
    return render(request, "members/chain.html", context)


def render_sections(request: HttpRequest, person: Person, *, own: bool) -> list[tuple[Any, SafeString]]:
    """The sections other apps add to a person's page (``lib.registries.person_sections``)."""
    rendered = []
    for section in person_sections.all():
        if not (request.access.can(section.perm) or (own and section.own_page)):
            continue
        context = section.context(request, person)
        if context is not None:
            html = render_to_string(
                section.template, {**context, "person": person, "section": section}, request
            )
            rendered.append((section, mark_safe(html)))
    return rendered


@community_view("members.view")
def person_search(request: HttpRequest) -> JsonResponse:
    """The people a picker offers for ``?q=``: by name, pinyin initials or the end of the ID
    number (``selectors.people_search``). Only the last four characters of an ID number are
    answered, as on a page where the full number is not shown."""
    found = selectors.people_search(request.GET.get("q", "")[:30])
    return JsonResponse(
        {
            "results": [
                {
                    "id": person.pk,
                    "name": person.name,
                    "unit": person.unit.name if person.unit else "",
                    "id_tail": person.id_number[-4:],
                }
                for person in found
            ]
        }
    )
