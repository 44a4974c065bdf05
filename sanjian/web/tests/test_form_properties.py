"""Property tests of the main forms' validation (issue 16, item 2): a person, a dues payment and
base, a resident's rating, an hour log, a rectification ticket's steps.

Whatever a browser posts (text of any alphabet, control characters, numbers past every limit,
dates that do not exist), ``is_valid()`` answers: it never raises, an invalid form says why in
words, and what a valid form hands to the services keeps the rules the services rely on.
"""

from __future__ import annotations

import datetime
import string
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanjian.dedication import forms as dedication_forms
from sanjian.dedication.models import Activity
from sanjian.members import forms as members_forms
from sanjian.members.validators import check_character
from sanjian.windows import forms as windows_forms
from sanjian.windows.models import BAD_LEVELS, Reason
from sanjian.windows.services.ratings import PHONE

pytestmark = pytest.mark.usefixtures("in_scope")
PROPERTY = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# What a hostile or careless browser sends in one field.
NUMBERS = st.sampled_from(
    [
        "0",
        "-1",
        "0.001",
        "12.345",
        "99999999.99",
        "100000000000",
        "1e309",
        "NaN",
        "Infinity",
        "-0",
        "١٢",
        "0x10",
    ]
)
DATES = st.sampled_from(
    ["2026-02-30", "2026-13-01", "0001-01-01", "9999-12-31", "2026-06", "2026-06-15", "15/06/2026", "昨天"]
)
DATETIMES = st.sampled_from(
    ["2026-06-15 08:00", "2026-06-15T25:00", "1999-12-31 23:59", "2101-01-01 00:00", "2026-06-15 18:30:00"]
)
ID_LIKE = st.builds(
    lambda digits, tail: digits + tail,
    st.text(string.digits, min_size=15, max_size=18),
    st.sampled_from(["", "x", "X", " "]),
)
TEXT = st.text(max_size=40) | st.text(alphabet=st.characters(codec="utf-8"), min_size=190, max_size=700)
VALUE = (
    TEXT | NUMBERS | DATES | DATETIMES | ID_LIKE | st.sampled_from(["", " ", "\x00", "1", "2", "5", "male"])
)


def _data(form_class: type[forms.BaseForm], **kwargs: Any) -> st.SearchStrategy[dict[str, Any]]:
    """A POST body for ``form_class``: a hostile value, or one of the field's own choices, per field."""
    fields = form_class.base_fields
    choice = {
        name: st.sampled_from([str(c[0]) for c in field.choices if c[0] != ""] or [""])
        for name, field in fields.items()
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField)
    }
    return st.fixed_dictionaries({name: VALUE | choice.get(name, VALUE) for name in fields})


def _answers(form: forms.BaseForm) -> bool:
    """``is_valid()`` answers without raising; an invalid form says why, in words."""
    valid = form.is_valid()
    if not valid:
        messages = [str(m) for errors in form.errors.values() for m in errors]
        assert messages and all(m.strip() for m in messages)
    return valid


@PROPERTY
@given(data=_data(members_forms.PersonForm))
def test_a_person_form_keeps_only_real_id_numbers(world: Any, data: dict[str, Any]) -> None:
    form = members_forms.PersonForm(data=data, community=world.community)
    if _answers(form):
        number = form.cleaned_data["id_number"]
        assert len(number) == 18 and number == number.upper() and " " not in number
        assert number[17] == check_character(number[:17])
        assert form.cleaned_data["name"].strip()


@PROPERTY
@given(data=_data(members_forms.DuesPaymentForm))
def test_a_dues_payment_is_a_sum_of_yuan_and_fen_for_a_month(world: Any, data: dict[str, Any]) -> None:
    form = members_forms.DuesPaymentForm(data=data)
    if _answers(form):
        amount = form.cleaned_data["amount_paid"]
        assert isinstance(amount, Decimal) and amount.is_finite() and amount >= 0
        assert amount == amount.quantize(Decimal("0.01")) and amount < 10**8
        assert isinstance(form.cleaned_data["month"], datetime.date)


@PROPERTY
@given(data=_data(members_forms.DuesBaseForm))
def test_a_dues_base_is_a_finite_income_from_a_real_day(world: Any, data: dict[str, Any]) -> None:
    form = members_forms.DuesBaseForm(data=data)
    if _answers(form):
        income = form.cleaned_data["monthly_income"]
        assert income.is_finite() and 0 <= income < 10**8
        assert isinstance(form.cleaned_data["valid_from"], datetime.date)


@PROPERTY
@given(data=_data(windows_forms.RatingForm))
def test_a_rating_carries_a_reason_only_when_it_is_bad(data: dict[str, Any]) -> None:
    form = windows_forms.RatingForm(data=data)
    if _answers(form):
        cleaned = form.cleaned_data
        assert 1 <= cleaned["level"] <= 5
        if cleaned["level"] in BAD_LEVELS:
            assert cleaned["reason"] in Reason.values
            assert len(cleaned["comment"]) <= 500
            assert cleaned["phone"] == "" or PHONE.match(cleaned["phone"])
        else:
            assert (cleaned["reason"], cleaned["comment"], cleaned["phone"]) == ("", "", "")


@PROPERTY
@given(data=_data(dedication_forms.CorrectionForm), reason_required=st.booleans())
def test_an_hour_log_correction_has_times_people_can_mean(
    world: Any, data: dict[str, Any], reason_required: bool
) -> None:
    form = dedication_forms.CorrectionForm(data=data, reason_required=reason_required)
    if _answers(form):
        for name in ("started_at", "ended_at"):
            assert 2000 <= form.cleaned_data[name].year <= 2100
        assert not reason_required or form.cleaned_data["reason"].strip()


@PROPERTY
@given(data=_data(dedication_forms.HandMarkForm))
def test_an_organisers_hour_mark_has_times_people_can_mean(world: Any, data: dict[str, Any]) -> None:
    activity = Activity(
        community=world.community,
        starts_at=datetime.datetime(2026, 6, 15, 8, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2026, 6, 15, 11, tzinfo=datetime.UTC),
    )
    form = dedication_forms.HandMarkForm(data=data, activity=activity)
    if _answers(form):  # no person of the community was named in the data: never valid
        raise AssertionError("valid without a person")


@PROPERTY
@given(
    form_class=st.sampled_from(
        [
            windows_forms.RectifyForm,
            windows_forms.CallbackForm,
            windows_forms.ReopenForm,
            windows_forms.AppealForm,
            windows_forms.AppealDecisionForm,
        ]
    ),
    data=st.data(),
)
def test_a_tickets_steps_keep_their_words_and_choices(
    form_class: type[forms.Form], data: st.DataObject
) -> None:
    form = form_class(data=data.draw(_data(form_class)))
    if _answers(form):
        for name, field in form.fields.items():
            value = form.cleaned_data[name]
            if isinstance(field, forms.CharField):
                assert "\x00" not in value
                assert field.max_length is None or len(value) <= field.max_length
                assert not field.required or value.strip()
            if isinstance(field, forms.TypedChoiceField):
                assert isinstance(value, bool)
