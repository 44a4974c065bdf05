"""A searchable person picker: a plain ``<select>`` of people that the shared script
(``web/sanjian.js``) turns into a search box, asking ``members:person_search`` by name, pinyin
initials or the end of the ID number. Without the script it stays the plain list."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext


def pick_person(field: forms.ModelChoiceField, community_slug: str) -> None:
    """Make ``field``'s select a searchable picker for the people of the community."""
    field.widget.attrs.update(
        {
            "data-person-search": reverse("members:person_search", args=[community_slug]),
            "data-placeholder": gettext("Name, pinyin initials (e.g. slj) or ID number ending"),
            "data-none": gettext("Nobody found"),
        }
    )
