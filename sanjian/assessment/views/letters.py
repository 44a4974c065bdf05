"""Responsibility letters: reading, editing (or amending), naming the signatories, signing,
printing; and the score entries made on their items."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanjian.assessment import exports, selectors, services
from sanjian.assessment.forms import AmendmentForm, EntryForm, LetterPeopleForm, LetterRowFormSet
from sanjian.assessment.models import Entry, Indicator, Letter, LetterItem
from sanjian.assessment.permissions import may_enter
from sanjian.lib.files import file_download
from sanjian.lib.history import history_entries
from sanjian.lib.pdf import pdf_response
from sanjian.lib.views import button_action, form_page, form_saved, titled_form_page
from sanjian.tenancy.access import community_url, community_view


def _letter(request: HttpRequest, pk: int) -> Letter:
    """The letter, if its unit is within the user's reach; otherwise 404 (existence does not leak)."""
    letters = selectors.letters_in_reach(request.access)
    return get_object_or_404(letters.select_related("period", "unit", "responsible", "issuer"), pk=pk)


@community_view("assessment.view")
def letter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    items = selectors.letter_items(letter)
    for item in items:
        item.can_enter = letter.period.is_open and may_enter(request.access, item.indicator, letter.unit)
    me = request.user.pk
    context = {
        "letter": letter,
        "items": items,
        "weight": sum(i.weight for i in items),
        "amendments": letter.amendments.select_related("made_by"),
        "history": history_entries(letter),
        "can_manage": request.access.can("assessment.manage") and letter.period.is_open,
        "can_sign_unit": letter.period.is_open
        and letter.responsible_id == me
        and not letter.responsible_signed_at,
        "can_sign_issuer": letter.period.is_open and letter.issuer_id == me and not letter.issuer_signed_at,
        "me": me,
    }
    return render(request, "assessment/letter_detail.html", context)


def _rows(letter: Letter) -> list[dict[str, Any]]:
    return [
        {
            "item": item.pk,
            "indicator": item.indicator_id,
            "weight": item.weight,
            "target": item.target,
            "floor": item.floor,
            "per_occurrence": item.per_occurrence,
            "cap": item.cap,
        }
        for item in letter.items.all()
    ]


@community_view("assessment.manage")
def letter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    indicators = Indicator.objects.filter(is_active=True) | Indicator.objects.filter(
        letter_items__letter=letter
    )
    kwargs = {"form_kwargs": {"indicators": indicators.distinct()}, "prefix": "rows"}
    formset = LetterRowFormSet(request.POST or None, initial=_rows(letter), **kwargs)
    amendment = AmendmentForm(request.POST or None)
    if request.method == "POST" and formset.is_valid() and amendment.is_valid():
        items = {i.pk: i for i in letter.items.select_related("indicator")}
        changes = [
            services.ItemChange(
                indicator=row["indicator"],
                weight=row["weight"],
                item=items.get(row.get("item")),
                target=row.get("target"),
                floor=row.get("floor"),
                per_occurrence=row.get("per_occurrence"),
                cap=row.get("cap"),
                delete=row.get("DELETE", False),
            )
            for row in formset.cleaned_data
            if row
        ]
        saved = form_saved(
            request,
            amendment,
            lambda: services.letter_items_save(
                letter=letter, changes=changes, reason=amendment.cleaned_data["reason"], actor=request.user
            ),
            success=lambda _letter: community_url(request, "assessment:letter", letter.pk),
            message=_("The letter has been saved."),
        )
        if saved is not None:
            return saved
    status = 400 if request.method == "POST" else 200
    context = {"letter": letter, "formset": formset, "amendment": amendment}
    return render(request, "assessment/letter_edit.html", context, status=status)


@community_view("assessment.manage")
def letter_people(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    initial = {"responsible": letter.responsible_id, "issuer": letter.issuer_id}
    form = LetterPeopleForm(request.POST or None, initial=initial, letter=letter)
    return titled_form_page(
        request,
        form,
        save=lambda f: services.letter_people_set(
            letter=letter,
            responsible=f.cleaned_data["responsible"],
            issuer=f.cleaned_data["issuer"],
            actor=request.user,
        ),
        title=_("Signatories"),
        back=community_url(request, "assessment:letter", letter.pk),
        message=_("The signatories have been saved."),
        context={"subtitle": str(letter)},
    )


@require_POST
@community_view("assessment.view")
def letter_sign(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    if request.user.pk not in (letter.responsible_id, letter.issuer_id):
        raise PermissionDenied
    return button_action(
        request,
        lambda: services.letter_sign(letter=letter, actor=request.user),
        message=_("You have signed the letter."),
        back=community_url(request, "assessment:letter", letter.pk),
    )


@community_view("assessment.view")
def letter_docx(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    return exports.letter_docx_response(letter, selectors.letter_items(letter))


@community_view("assessment.view")
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    context = {"letter": letter, "items": selectors.letter_items(letter), "community": request.community}
    return pdf_response(
        "assessment/print/letter.html",
        context,
        filename=exports.letter_filename(letter, "pdf"),
        request=request,
    )


@community_view("assessment.enter")
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        LetterItem.objects.select_related("letter__period", "letter__unit", "indicator"), pk=pk
    )
    if not may_enter(request.access, item.indicator, item.letter.unit):
        raise PermissionDenied
    kinds = selectors.allowed_entry_kinds(item)
    form = EntryForm(
        request.POST or None, request.FILES or None, community=request.community, item=item, kinds=kinds
    )
    return form_page(
        request,
        form,
        save=lambda f: services.entry_add(
            item=item,
            kind=f.cleaned_data["kind"],
            amount=f.cleaned_data["amount"],
            reason=f.cleaned_data["reason"],
            evidence=f.cleaned_data.get("evidence") or None,
            actor=request.user,
        ),
        template="assessment/entry_form.html",
        success=lambda _entry: community_url(request, "assessment:letter", item.letter_id),
        message=_("The entry has been recorded."),
        context={"item": item, "letter": item.letter},
    )


@require_POST
@community_view("assessment.enter")
def entry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(
        Entry.objects.select_related("item__letter__period", "item__letter__unit"), pk=pk
    )
    if entry.entered_by_id != request.user.pk and not request.access.can("assessment.manage"):
        raise PermissionDenied
    return button_action(
        request,
        lambda: services.entry_withdraw(entry=entry, actor=request.user),
        message=_("The entry has been withdrawn."),
        back=community_url(request, "assessment:letter", entry.item.letter_id),
    )


@community_view("assessment.view")
def entry_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.entries_in_reach(request.access), pk=pk)
    return file_download(entry.evidence, download_name=str(_("Evidence")))
