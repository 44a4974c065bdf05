"""Certificates (志愿服务证明): issue, read, print, revoke, verify in public; and the hours export.

Leaders (``dedication.manage``) issue and revoke certificates and see every one; a member reads
and prints their own. The verification page is public: anyone holding a certificate's serial
sees what the paper itself shows, and nothing more.
"""

from __future__ import annotations

import base64
import datetime

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.dedication import exports
from sanjian.dedication.access import is_leader
from sanjian.dedication.models import Certificate, hours_of
from sanjian.dedication.services.certificates import certificate_issue, certificate_revoke, normalise_serial
from sanjian.lib.excel import xlsx_response
from sanjian.lib.forms import DateInput
from sanjian.lib.history import history_entries
from sanjian.lib.http import client_ip, count_in_window
from sanjian.lib.pdf import pdf_response
from sanjian.lib.qr import qr_svg
from sanjian.lib.views import form_page
from sanjian.members.access import my_person
from sanjian.members.models import Person
from sanjian.members.widgets import pick_person
from sanjian.tenancy.access import community_url, community_view, public_view


class IssueForm(forms.Form):
    person = forms.ModelChoiceField(label=gettext_lazy("Volunteer"), queryset=Person.objects.none())
    period_start = forms.DateField(label=gettext_lazy("First day"), widget=DateInput())
    period_end = forms.DateField(label=gettext_lazy("Last day"), widget=DateInput())

    def __init__(self, *args: object, community_slug: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # Built inside the request, so inside its community's scope.
        self.fields["person"].queryset = Person.objects.filter(is_active=True).order_by("name", "pk")
        pick_person(self.fields["person"], community_slug)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason for revoking"), max_length=200)


def _certificate_for(request: HttpRequest, pk: int) -> Certificate:
    """A certificate the user may read: any for leaders, their own for a member."""
    certificate = get_object_or_404(Certificate.objects.select_related("person", "issued_by"), pk=pk)
    if is_leader(request):
        return certificate
    me = my_person(request)
    if request.access.can("dedication.take_part") and me is not None and certificate.person_id == me.pk:
        return certificate
    raise PermissionDenied


def verification_url(request: HttpRequest, certificate: Certificate) -> str:
    """The absolute address the certificate's QR code holds."""
    path = community_url(request, "dedication:certificate_verify")
    return request.build_absolute_uri(f"{path}?serial={certificate.serial}")


def _this_year() -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    return today.replace(month=1, day=1), today


@community_view("dedication.view")
def certificates(request: HttpRequest) -> HttpResponse:
    """Leaders: every certificate and the form to issue one. Members: their own certificates."""
    leader = is_leader(request)
    if leader:
        listed = Certificate.objects.select_related("person")
    else:
        me = my_person(request)
        listed = Certificate.objects.filter(person=me) if me is not None else Certificate.objects.none()
    listed = list(listed.order_by("-issued_on", "-sequence")[:200])
    for certificate in listed:
        certificate.hours = hours_of(certificate.minutes)
    context = {"certificates": listed, "leader": leader}
    if not leader:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "dedication/certificates.html", context)
    start, end = _this_year()
    form = IssueForm(
        request.POST or None,
        initial={"period_start": start, "period_end": end},
        community_slug=request.community.slug,
    )

    def save(form: forms.Form) -> Certificate:
        return certificate_issue(community=request.community, actor=request.user, **form.cleaned_data)

    return form_page(
        request,
        form,
        save=save,
        template="dedication/certificates.html",
        success=lambda c: community_url(request, "dedication:certificate", c.pk),
        message=_("The certificate has been issued."),
        context=context,
    )


@community_view("dedication.view")
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate_for(request, pk)
    leader = is_leader(request)
    context = {
        "certificate": certificate,
        "hours": hours_of(certificate.minutes),
        "leader": leader,
        "revoke_form": RevokeForm() if leader and not certificate.is_revoked else None,
        "verify_url": verification_url(request, certificate),
        "history": history_entries(certificate) if leader else [],
    }
    return render(request, "dedication/certificate_detail.html", context)


@community_view("dedication.view")
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate_for(request, pk)
    url = verification_url(request, certificate)
    svg = qr_svg(url, scale=4)
    context = {
        "certificate": certificate,
        "hours": hours_of(certificate.minutes),
        "verify_url": url,
        "qr_uri": "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode(),
    }
    return pdf_response(
        "dedication/certificate.html", context, filename=f"{certificate.serial}.pdf", request=request
    )


@community_view("dedication.manage")
def certificate_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _certificate_for(request, pk)
    if certificate.is_revoked:
        messages.info(request, _("The certificate has already been revoked."))
        return redirect(community_url(request, "dedication:certificate", certificate.pk))
    return form_page(
        request,
        RevokeForm(request.POST or None),
        save=lambda form: certificate_revoke(
            certificate=certificate, reason=form.cleaned_data["reason"], actor=request.user
        ),
        template="dedication/certificate_revoke.html",
        success=lambda c: community_url(request, "dedication:certificate", c.pk),
        message=_("The certificate has been revoked."),
        context={"certificate": certificate},
    )


def _lookups_per_hour() -> int:
    return settings.DEDICATION_VERIFY_LOOKUPS_PER_IP_PER_HOUR


@public_view
@community_view()
def certificate_verify(request: HttpRequest) -> HttpResponse:
    """Anyone types a serial and learns whether the certificate is genuine and still valid."""
    serial = normalise_serial(request.GET.get("serial", ""))[:40]
    if serial and count_in_window(f"dedication:verify:{client_ip(request)}", 3600) > _lookups_per_hour():
        # Serials cannot be walked through: the random tail would take a million tries.
        context = {"serial": serial, "found": None, "too_many": True}
        return render(request, "dedication/certificate_verify.html", context, status=429)
    certificate = Certificate.objects.filter(serial=serial).first() if serial else None
    context = {
        "serial": serial,
        "found": None,
    }
    if certificate is not None:
        # Only what the paper shows; never the person record behind it.
        context["found"] = {
            "serial": certificate.serial,
            "holder_name": certificate.holder_name,
            "holder_id_masked": certificate.holder_id_masked,
            "period_start": certificate.period_start,
            "period_end": certificate.period_end,
            "hours": hours_of(certificate.minutes),
            "activities": len(certificate.activities),
            "issued_on": certificate.issued_on,
            "is_revoked": certificate.is_revoked,
        }
    status = 404 if serial and certificate is None else 200
    return render(request, "dedication/certificate_verify.html", context, status=status)


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    """``?start=&end=`` as dates (this year by default); ValidationError for anything else."""
    default_start, default_end = _this_year()
    values = []
    for name, default in (("start", default_start), ("end", default_end)):
        text = request.GET.get(name, "").strip()
        try:
            value = parse_date(text) if text else default
        except ValueError:
            value = None
        if value is None:
            raise ValidationError(_("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": text})
        values.append(value)
    start, end = values
    if end < start:
        raise ValidationError(_("The period ends after it starts."))
    return start, end


@community_view("dedication.manage")
def hours_export(request: HttpRequest) -> HttpResponse:
    """Verified hours per member of a period, as a spreadsheet."""
    try:
        start, end = _period(request)
    except ValidationError as exc:
        return HttpResponse(exc.messages[0], status=400, content_type="text/plain; charset=utf-8")
    content = exports.hours_sheet(start, end)
    return xlsx_response(content, f"volunteer-hours-{start.isoformat()}-{end.isoformat()}.xlsx")
