"""Template helpers every app's pages use."""

from __future__ import annotations

from django import forms, template
from django.forms import BoundField
from django.utils.safestring import SafeString

from sanjian.lib import formats

register = template.Library()


def _css_for(widget: forms.Widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple) and not isinstance(
        widget, forms.CheckboxSelectMultiple
    ):
        return "form-select"
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return ""
    return "form-control"


@register.simple_tag
def widget(field: BoundField) -> SafeString:
    """The field's widget with Bootstrap's classes, marked invalid when the field has errors."""
    css = _css_for(field.field.widget)
    if field.errors and css:
        css += " is-invalid"
    attrs = {"class": css} if css else {}
    if field.errors:
        attrs["aria-invalid"] = "true"
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return isinstance(field.field.widget, forms.CheckboxInput)


register.filter("yuan", formats.yuan_text)
register.filter("percent", formats.percent)


@register.filter
def contains(container: object, value: object) -> bool:
    return value in container


@register.filter
def mask_id(value: str) -> str:
    from sanjian.lib.masking import mask_id_number

    return mask_id_number(value)


@register.filter
def mask_phone(value: str) -> str:
    from sanjian.lib.masking import mask_phone as mask

    return mask(value)
