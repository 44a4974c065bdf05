"""The resident identity number (居民身份证号码) of GB 11643-1999.

Eighteen characters: a six-digit address code, the birth date as YYYYMMDD, a three-digit
sequence (odd for men, even for women) and a check character computed by ISO 7064 MOD 11-2
from the first seventeen digits (``X`` stands for 10).
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_SHAPE = re.compile(r"^\d{17}[\dX]$")
EARLIEST_BIRTH = datetime.date(1900, 1, 1)


def check_character(first17: str) -> str:
    """The check character of the first seventeen digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def normalise_id_number(value: object) -> str:
    """Spaces removed and a lower-case x raised: what people type and spreadsheets hold."""
    if value is None:
        return ""
    if isinstance(value, int):  # a spreadsheet cell formatted as a number
        value = str(value)
    return str(value).replace(" ", "").strip().upper()


def birth_date_of(id_number: str) -> datetime.date | None:
    """The birth date written in an ID number, or None when it is not a real date."""
    try:
        return datetime.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def gender_of(id_number: str) -> str:
    """ "male" or "female", from the parity of the sequence number."""
    return "male" if int(id_number[16]) % 2 else "female"


def validate_id_number(value: str, *, today: datetime.date | None = None) -> None:
    """Raise ValidationError (in the user's language) unless ``value`` is a valid 18-character ID number."""
    number = normalise_id_number(value)
    if not _SHAPE.match(number):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a final digit or X."), code="id_shape"
        )
    born = birth_date_of(number)
    today = today or datetime.date.today()
    if born is None or born < EARLIEST_BIRTH or born > today:
        raise ValidationError(_("The birth date inside the ID number is not a real date."), code="id_birth")
    if check_character(number[:17]) != number[17]:
        raise ValidationError(
            _("The ID number's check digit is wrong: please check the number again."), code="id_check"
        )
