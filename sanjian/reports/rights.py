"""The reports app's part in a person's data rights (``lib.registries.person_data``): the titles
the person was awarded (they only point at the person), and the texts that may name them (the
edited work summary, an honour's note, a prepared download's title)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sanjian.lib.persondata import FreeText, records_sheet
from sanjian.lib.registries import PersonSheet
from sanjian.reports.models import Download, Honour, Summary

FREE_TEXT: tuple[FreeText, ...] = (
    (Summary, ("text",)),
    (Honour, ("note",)),
    (Download, ("title", "message")),
)


def honours_export(person: object) -> list[PersonSheet]:
    """The titles the person was awarded (they only point at the person: nothing to replace)."""
    fields = ("title", "level", "awarding_body", "awarded_on", "unit", "note")
    return [records_sheet(_("Honours"), Honour.objects.filter(person=person), fields, model=Honour)]
