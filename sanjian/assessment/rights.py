"""The assessment app's part in a person's data rights (``lib.registries.person_data``): its
records point at units, not at people, but a score entry's reason, an appeal or an adjustment
may name a person; the export shows those notes and anonymising replaces the name in them."""

from __future__ import annotations

from sanjian.assessment.models import Adjustment, Amendment, Appeal, CostItem, Entry, Period
from sanjian.lib.persondata import FreeText

FREE_TEXT: tuple[FreeText, ...] = (
    (Entry, ("reason",)),
    (Appeal, ("reason", "decision")),
    (Adjustment, ("reason",)),
    (Amendment, ("reason",)),
    (CostItem, ("note",)),
    (Period, ("note",)),
)
