"""Forms of the service app: thin, on ``tenancy.forms.CommunityModelForm``; the rules are in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sanjian.members.models import Person
from sanjian.org.models import Unit, UnitKind
from sanjian.service.models import (
    Banquet,
    Building,
    CleaningArea,
    Competition,
    Dish,
    Floor,
    ProductionRecord,
    Room,
    Satisfaction,
    ServiceRequest,
    Sheet,
    SheetKind,
    ThemedMonth,
)
from sanjian.tenancy.forms import CommunityModelForm

DATE = forms.DateInput(attrs={"type": "date"})
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _people(form: Any):
    return Person.objects.filter(is_active=True).order_by("name")


def _service_units(form: Any):
    return Unit.objects.filter(
        kind__in=[UnitKind.NETWORK, UnitKind.WINDOW, UnitKind.SUPERVISOR, UnitKind.OFFICE]
    )


class BuildingForm(CommunityModelForm):
    community_querysets = {"unit": _service_units}

    class Meta:
        model = Building
        fields = ["name", "unit", "address", "is_active"]


class FloorForm(CommunityModelForm):
    class Meta:
        model = Floor
        fields = ["building", "number"]


class RoomForm(CommunityModelForm):
    class Meta:
        model = Room
        fields = ["floor", "number", "capacity", "is_active"]


class AssignForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("resident"))
    check_in = forms.DateField(label=_("checked in"), widget=DATE)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people(self)


class CheckOutForm(forms.Form):
    check_out = forms.DateField(label=_("checked out"), widget=DATE)
    reason = forms.CharField(label=_("reason"), max_length=100, required=False)


class DutyForm(forms.Form):
    attendant = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("attendant"))
    starts_on = forms.DateField(label=pgettext_lazy("starting", "from"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendant"].queryset = _people(self)


class AreaForm(CommunityModelForm):
    community_querysets = {"unit": _service_units}

    class Meta:
        model = CleaningArea
        fields = ["name", "size_m2", "unit", "starts_on", "ends_on", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE}


class ShiftForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("cleaner"))
    starts_at = forms.TimeField(label=_("starts at"), widget=TIME)
    ends_at = forms.TimeField(label=_("ends at"), widget=TIME)
    valid_from = forms.DateField(label=pgettext_lazy("starting", "from"), widget=DATE)
    valid_until = forms.DateField(label=_("until"), widget=DATE, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = _people(self)


class RequestForm(CommunityModelForm):
    class Meta:
        model = ServiceRequest
        fields = ["room", "kind", "reported_on", "reporter", "phone", "description"]
        widgets = {"reported_on": DATE}


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=pgettext_lazy("request", "what was done"), max_length=300)
    resolved_on = forms.DateField(label=_("done on"), widget=DATE)


class CallBackForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("call-back"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("call-back note"), max_length=200, required=False)


class VerifyForm(forms.Form):
    serious = forms.BooleanField(label=_("verified serious complaint"), required=False)
    reason = forms.CharField(label=_("what the check found"), max_length=100)


class InspectionPlaceForm(forms.Form):
    """The top of the phone form: which sheet, where, when. The sheet's items follow as
    ``points_<id>``/``reason_<id>`` (a veto item: ``veto_<id>``) fields added per sheet."""

    sheet = forms.ModelChoiceField(queryset=Sheet.objects.none(), label=_("sheet"))
    floor = forms.ModelChoiceField(
        queryset=Floor.objects.none(), label=pgettext_lazy("building", "floor"), required=False
    )
    area = forms.ModelChoiceField(
        queryset=CleaningArea.objects.none(), label=_("cleaning area"), required=False
    )
    inspected_on = forms.DateField(label=_("date"), widget=DATE)
    note = forms.CharField(label=_("note"), max_length=200, required=False)

    def __init__(self, *args: Any, kind: str, sheet: Sheet | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind, self.sheet = kind, sheet
        self.fields["sheet"].queryset = Sheet.objects.filter(kind=kind, is_active=True)
        if kind == SheetKind.FLOOR:
            del self.fields["area"]
            self.fields["floor"].required = True
            self.fields["floor"].queryset = Floor.objects.select_related("building").filter(
                building__is_active=True
            )
        else:
            del self.fields["floor"]
            self.fields["area"].required = True
            self.fields["area"].queryset = CleaningArea.objects.filter(ends_on__isnull=True)
        self.items = list(sheet.items.all()) if sheet else []
        for item in self.items:
            if item.is_veto:
                self.fields[f"veto_{item.pk}"] = forms.BooleanField(label=item.title, required=False)
            else:
                self.fields[f"points_{item.pk}"] = forms.DecimalField(
                    label=item.title,
                    required=False,
                    min_value=0,
                    max_value=item.cap,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"}),
                )
            self.fields[f"reason_{item.pk}"] = forms.CharField(
                label=_("reason"), max_length=200, required=False
            )

    def lines(self) -> list[tuple[Any, forms.BoundField | None, forms.BoundField]]:
        """Each item with its points (or veto) field and its reason field, for the template."""
        rows = []
        for item in self.items:
            mark = self[f"veto_{item.pk}"] if item.is_veto else self[f"points_{item.pk}"]
            rows.append((item, mark, self[f"reason_{item.pk}"]))
        return rows


class CompetitionForm(forms.ModelForm):
    """A competition; the company comes from the request. ``hosts`` is None on a community's
    page (the competition is the community's own) and the company's communities on the
    committee's page (empty: a company competition)."""

    class Meta:
        model = Competition
        fields = ["name", "host", "kind", "flags", "first_month", "last_month", "description"]
        widgets = {"first_month": MONTH, "last_month": MONTH}

    def __init__(self, *args: Any, hosts: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if hosts is None:
            del self.fields["host"]
        else:
            self.fields["host"].queryset = hosts
        for name in ("first_month", "last_month"):
            self.fields[name].input_formats = ["%Y-%m", "%Y-%m-%d"]


class EntrantForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("unit"))

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} · {u.community}"


def _canteens(form: Any):
    return Unit.objects.filter(kind__in=[UnitKind.NETWORK, UnitKind.WINDOW], is_active=True)


class ThemeForm(CommunityModelForm):
    class Meta:
        model = ThemedMonth
        fields = ["name", "month", "health_notes"]
        widgets = {"month": MONTH}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].input_formats = ["%Y-%m", "%Y-%m-%d"]


class DishForm(CommunityModelForm):
    community_querysets = {"canteen": _canteens}

    class Meta:
        model = Dish
        fields = ["canteen", "week", "name", "description", "photo", "theme", "health_note"]
        widgets = {"week": DATE}


class DishRatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("stars"), coerce=int, choices=[(n, n) for n in range(5, 0, -1)], widget=forms.RadioSelect
    )
    comment = forms.CharField(label=_("comment"), max_length=200, required=False)


class RecordForm(CommunityModelForm):
    community_querysets = {"person": _people}

    class Meta:
        model = ProductionRecord
        fields = ["person", "team", "achieved_on", "achievement"]
        widgets = {"achieved_on": DATE}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Excel file (.xlsx)"))


class BanquetForm(CommunityModelForm):
    community_querysets = {"canteen": _canteens}
    records = forms.ModelMultipleChoiceField(
        queryset=ProductionRecord.objects.none(), label=_("production records"), required=False
    )
    guests = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(), label=_("other guests"), required=False
    )

    class Meta:
        model = Banquet
        fields = ["title", "held_on", "canteen", "note"]
        widgets = {"held_on": DATE}

    def __init__(self, *args: Any, kind: str, guests: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.kind = kind
        self.fields["guests"].queryset = guests if guests is not None else _people(self)
        if kind == "hero":
            self.fields["records"].queryset = ProductionRecord.objects.select_related("person").order_by(
                "-achieved_on"
            )
            self.fields["records"].label_from_instance = lambda r: f"{r.person.name} · {r.achievement}"
        else:
            del self.fields["records"]
