from __future__ import annotations

from django.forms.renderers import DjangoTemplates


class BootstrapFormRenderer(DjangoTemplates):
    """Renders ``{{ form }}`` with Bootstrap's markup, so that templates never lay out fields by hand."""

    form_template_name = "web/forms/form.html"
    field_template_name = "web/forms/field.html"
