"""The org app's part in a person's data rights (``lib.registries.person_data``): its records
never point at a person, but a note of the unit tree (a linkage, a branch check, a unit's
description) may name one; the export shows those notes and anonymising replaces the name."""

from __future__ import annotations

from sanjian.lib.persondata import FreeText
from sanjian.org.models import BranchCheck, Linkage, RuleDocument, Unit

FREE_TEXT: tuple[FreeText, ...] = (
    (Unit, ("description",)),
    (Linkage, ("note",)),
    (BranchCheck, ("note",)),
    (RuleDocument, ("summary",)),
)
