"""The read log's part in a person's data rights (``lib.registries.person_data``): who read the
person's own record (an export of their data is such a read). A read names the reader and the
record's id, never the person's name or numbers: anonymising leaves it as it is."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sanjian.lib.persondata import records_sheet
from sanjian.lib.registries import PersonSheet
from sanjian.tenancy.models import RecordRead
from sanjian.tenancy.selectors import reads_of


def reads_export(person: Any) -> list[PersonSheet]:
    """Every logged read of the person's record, newest first."""
    return [
        records_sheet(
            _("Reads of the record"), reads_of(person), ("read_at", "user", "via"), model=RecordRead
        )
    ]
