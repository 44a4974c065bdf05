"""Branch life (三会一课) and party dues."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from sanjian.lib.dates import Month
from sanjian.lib.excel import Column
from sanjian.lib.files import file_download
from sanjian.lib.history import history_entries
from sanjian.lib.views import form_page, form_saved, int_param, list_page
from sanjian.members import selectors, services
from sanjian.members.access import committee_branch_ids, my_person, require_branch, works_for_branch
from sanjian.members.forms import AttachmentForm, DuesBaseForm, DuesPaymentForm, MeetingForm
from sanjian.members.models import DuesCategory, Meeting, MeetingAttachment, MeetingKind, PartyMember
from sanjian.org.models import Unit, UnitKind
from sanjian.tenancy.access import community_url, community_view


def _year(request: HttpRequest) -> int:
    year = int_param(request.GET.get("year")) or timezone.localdate().year
    return min(max(year, 2000), 2100)


def _visible_branches(request: HttpRequest) -> list[Unit]:
    """The branches whose life the user may read: all, or those of a branch-tied role."""
    reach = request.access.reach("members.view")
    branches = list(selectors.branches())
    return branches if reach is None else [b for b in branches if b.pk in reach]


def _branch_for_view(request: HttpRequest, pk: int) -> Unit:
    branch = get_object_or_404(Unit, pk=pk, kind=UnitKind.BRANCH)
    if not request.access.can("members.view", branch):
        raise PermissionDenied
    return branch


@community_view("members.view")
def meetings(request: HttpRequest) -> HttpResponse:
    """Every visible branch's year at a glance: required meetings held per month or quarter."""
    year = _year(request)
    branches = _visible_branches(request)
    standings = selectors.meeting_frequency(branches, year=year, today=timezone.localdate())
    context = {
        "year": year,
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
        "standings": standings,
        "can_record": committee_branch_ids(request) != set(),
    }
    return list_page(
        request,
        "members/meetings.html",
        context,
        title=_("Branch life"),
        columns=[
            Column(_("Party branch"), lambda r: r[0].branch.name),
            Column(_("Required meeting"), lambda r: r[1].label),
            Column(_("Held"), lambda r: r[1].met),
            Column(_("Due"), lambda r: r[1].due),
            Column(_("Missed"), lambda r: r[1].missed),
        ],
        rows=[(standing, kind) for standing in standings for kind in standing.kinds],
        filename=f"{_('Branch life')}-{year}.xlsx",
    )


@community_view("members.view")
def branch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    branch = _branch_for_view(request, pk)
    year = _year(request)
    standing = selectors.meeting_frequency([branch], year=year, today=timezone.localdate())[0]
    context = {
        "branch": branch,
        "year": year,
        "standing": standing,
        "meetings": selectors.meeting_list(branch=branch.pk, year=year),
        "members": selectors.branch_members(branch, members_only=False),
        "can_work": works_for_branch(request, branch),
        "kinds": MeetingKind.choices,
    }
    return render(request, "members/branch.html", context)


def _require_meeting(request: HttpRequest, meeting: Meeting) -> None:
    """Those who read the branch's life read its meetings; a plain member reads the meetings
    they were expected at (their own branch life), read-only."""
    if request.access.can("members.view", meeting.branch):
        return
    me = my_person(request)
    party = getattr(me, "party", None) if me is not None else None
    if party is None or not selectors.attended(party, meeting):
        raise PermissionDenied


@community_view()
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("branch"), pk=pk)
    _require_meeting(request, meeting)
    can_work = works_for_branch(request, meeting.branch)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        require_branch(request, meeting.branch)
        if form.is_valid():
            saved = form_saved(
                request,
                form,
                lambda: services.meeting_attachment_add(
                    community=request.community,
                    meeting=meeting,
                    upload=form.cleaned_data["file"],
                    title=form.cleaned_data["title"],
                    actor=request.user,
                ),
                success=lambda _attachment: community_url(request, "members:meeting", meeting.pk),
                message=_("The attachment has been added."),
                field="file",
            )
            if saved is not None:
                return saved
        status = 400
    context = {
        "meeting": meeting,
        "attendance": meeting.attendance.select_related("member__person").order_by(
            "-present", "member__person__name"
        ),
        "attachments": meeting.attachments.all(),
        "history": history_entries(meeting),
        "can_work": can_work,
        "form": form,
    }
    return render(request, "members/meeting.html", context, status=status)


@community_view()
def meeting_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        MeetingAttachment.objects.select_related("meeting__branch"), pk=file_pk, meeting_id=pk
    )
    _require_meeting(request, attachment.meeting)
    return file_download(attachment.file, download_name=attachment.title or None)


def _meeting_form(request: HttpRequest, meeting: Meeting | None) -> HttpResponse:
    allowed = committee_branch_ids(request)
    choices = selectors.branches() if allowed is None else selectors.branches().filter(pk__in=allowed or [])
    if allowed is not None and (
        not allowed or (request.method == "POST" and int_param(request.POST.get("branch")) not in allowed)
    ):
        raise PermissionDenied
    initial = {}
    if meeting is None and int_param(request.GET.get("branch")):
        initial["branch"] = int_param(request.GET.get("branch"))
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        community=request.community,
        branch_choices=choices,
        initial=initial,
    )
    branch = meeting.branch if meeting else None
    if request.method == "POST" and form.is_valid():
        branch = form.cleaned_data["branch"]
    members = list(selectors.branch_members(branch)) if branch else []
    marks = {a.member_id: a for a in meeting.attendance.all()} if meeting else {}
    present, absences = _marks_from_post(request, members, marks)
    if request.method == "POST" and form.is_valid():
        require_branch(request, branch)
        try:
            saved = services.meeting_save(
                community=request.community,
                meeting=form.instance,
                present=present,
                absences=absences,
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error(None if not hasattr(exc, "error_dict") else "held_on", exc.messages[0])
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(community_url(request, "members:meeting", saved.pk))
    rows = [(m, m.pk in present, absences.get(m.pk, "")) for m in members]
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "meeting": meeting, "rows": rows, "branch": branch}
    return render(request, "members/meeting_form.html", context, status=status)


def _marks_from_post(
    request: HttpRequest, members: list[PartyMember], marks: dict
) -> tuple[set[int], dict[int, str]]:
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        absences = {m.pk: request.POST.get(f"reason-{m.pk}", "") for m in members}
        return present, absences
    if marks:
        return {pk for pk, a in marks.items() if a.present}, {pk: a.absence_reason for pk, a in marks.items()}
    return {m.pk for m in members}, {}


@community_view("members.view")
def meeting_create(request: HttpRequest) -> HttpResponse:
    return _meeting_form(request, None)


@community_view("members.view")
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("branch"), pk=pk)
    require_branch(request, meeting.branch)
    return _meeting_form(request, meeting)


@community_view("members.view")
def meeting_members(request: HttpRequest) -> HttpResponse:
    """htmx: the attendance rows for the branch chosen on the meeting form."""
    branch = get_object_or_404(Unit, pk=int_param(request.GET.get("branch")) or 0, kind=UnitKind.BRANCH)
    require_branch(request, branch)
    rows = [(m, True, "") for m in selectors.branch_members(branch)]
    return render(request, "members/_attendance_rows.html", {"rows": rows})


# --- Dues --------------------------------------------------------------------------------------


@community_view("members.view")
def dues(request: HttpRequest) -> HttpResponse:
    """Arrears per branch for a month; a branch's list with who paid and who owes."""
    month = Month.parse(request.GET.get("month")).start
    branches = _visible_branches(request)
    branch = next((b for b in branches if b.pk == int_param(request.GET.get("branch"))), None)
    if branch is None and len(branches) == 1:
        branch = branches[0]
    counts = selectors.arrears_counts(month)
    lines = selectors.branch_dues(branch, month) if branch else []
    context = {
        "month": month,
        "branches": [(b, counts.get(b.pk, 0)) for b in branches],
        "branch": branch,
        "lines": lines,
        "arrears_only": request.GET.get("arrears") == "1",
        "can_work": bool(branch) and works_for_branch(request, branch),
        "total_due": sum((line.due or 0) for line in lines),
        "total_paid": sum(line.paid for line in lines),
    }
    shown = [line for line in lines if not context["arrears_only"] or line.in_arrears]
    return list_page(
        request,
        "members/dues.html",
        context,
        title=_("Party dues"),
        columns=[
            Column(_("Member"), lambda line: line.member.person.name),
            Column(_("Due"), lambda line: line.due),
            Column(_("Paid"), lambda line: line.paid),
            Column(_("Paid on"), lambda line: line.payment.paid_on if line.payment else None),
        ],
        rows=shown,
        filename=f"{_('Party dues')}-{branch.name if branch else ''}-{month:%Y-%m}.xlsx",
    )


def _member_for_dues(request: HttpRequest, pk: int) -> PartyMember:
    member = get_object_or_404(PartyMember.objects.select_related("person", "branch"), pk=pk, is_active=True)
    require_branch(request, member.branch)
    return member


@community_view("members.view")
def dues_pay(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_for_dues(request, pk)
    initial = {}
    if request.GET.get("month"):
        initial["month"] = Month.parse(request.GET.get("month")).start
    base = selectors.bases_in_force([member.pk], timezone.localdate().replace(day=1)).get(member.pk)
    return form_page(
        request,
        DuesPaymentForm(request.POST or None, initial=initial),
        save=lambda f: services.dues_payment_record(
            community=request.community, member=member, actor=request.user, **f.cleaned_data
        ),
        template="members/dues_pay.html",
        success=lambda payment: (
            f"{community_url(request, 'members:dues')}?branch={member.branch_id}&month={payment.month:%Y-%m}"
        ),
        message=_("The payment has been recorded."),
        context={"member": member, "due": selectors.dues_due(member, base), "base": base},
    )


@community_view("members.view")
def dues_base(request: HttpRequest, pk: int) -> HttpResponse:
    member = _member_for_dues(request, pk)
    return form_page(
        request,
        DuesBaseForm(request.POST or None),
        save=lambda f: services.dues_base_declare(
            community=request.community,
            member=member,
            valid_from=f.cleaned_data["valid_from"],
            income=f.cleaned_data["monthly_income"] or Decimal("0"),
            category=f.cleaned_data["category"] or DuesCategory.INCOME,
            fixed_amount=f.cleaned_data["fixed_amount"],
            actor=request.user,
        ),
        template="members/dues_base.html",
        success=lambda _base: community_url(request, "members:dues_statement", member.pk),
        message=_("The monthly base has been declared."),
        context={"member": member, "bases": member.dues_bases.all()},
    )


@community_view()
def dues_statement(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's yearly statement: for the member, their branch committee and the managers."""
    member = get_object_or_404(PartyMember.objects.select_related("person", "branch"), pk=pk)
    me = my_person(request)
    own = me is not None and me.pk == member.person_id
    if not (own or works_for_branch(request, member.branch) or request.access.can("members.manage")):
        raise PermissionDenied
    year = _year(request)
    lines = selectors.dues_statement(member, year)
    context = {
        "member": member,
        "year": year,
        "lines": lines,
        "total_due": sum((line.due or 0) for line in lines if line.month <= timezone.localdate()),
        "total_paid": sum((line.payment.amount_paid for line in lines if line.payment), 0),
        "can_work": works_for_branch(request, member.branch),
        "bases": member.dues_bases.all(),
    }
    return render(request, "members/dues_statement.html", context)
