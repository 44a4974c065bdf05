"""Form plumbing shared by every app's forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class SensibleDateTimeField(forms.DateTimeField):
    """A date and time people can mean: the years 2000 to 2100. Beyond them date arithmetic in
    constraint checks overflows (a 500 instead of a message), and nobody records year 1."""

    def clean(self, value: Any) -> Any:
        result = super().clean(value)
        if result is not None and not 2000 <= result.year <= 2100:
            raise forms.ValidationError(_("Give a date between the years 2000 and 2100."), code="year")
        return result


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
