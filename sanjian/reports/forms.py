from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanjian.lib.dates import Month
from sanjian.members.models import Person
from sanjian.org.models import Unit
from sanjian.reports.models import Honour
from sanjian.tenancy.forms import CommunityModelForm

#: The longest period a summary covers, in months.
MAX_MONTHS = 36


class SummaryForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea, strip=False)


def period_of(first: str | None, last: str | None) -> tuple[datetime.date, datetime.date, str | None]:
    """The period of the query string (``from``/``to`` as YYYY-MM), January to last month by
    default, and an error message (in the user's language) when the months given cannot make one."""
    this = Month.current()
    default_last = this.previous()
    default_first = Month(default_last.year, 1)
    start, end = Month.parse(first, default_first), Month.parse(last, default_last)
    if end < start:
        return (
            default_first.start,
            default_last.end,
            _("The period ends before it starts; showing the default period."),
        )
    if (end.year - start.year) * 12 + end.month - start.month + 1 > MAX_MONTHS:
        return (
            default_first.start,
            default_last.end,
            _("A summary covers at most %(n)s months.") % {"n": MAX_MONTHS},
        )
    return start.start, end.end, None


def validate_period(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise ValidationError(_("The period ends before it starts."))


class HonourForm(CommunityModelForm):
    class Meta:
        model = Honour
        fields = ["title", "level", "awarding_body", "awarded_on", "unit", "person", "evidence", "note"]
        widgets = {"awarded_on": forms.DateInput(attrs={"type": "date"})}

    community_querysets = {
        "unit": lambda form: Unit.objects.filter(is_active=True).order_by("kind", "sort_order", "name"),
        "person": lambda form: Person.objects.filter(is_active=True, party__isnull=False).order_by("name"),
    }


def year_of(value: str | None) -> int:
    """A year of the query string (2000–2100), this year when missing or wrong."""
    try:
        year = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year
