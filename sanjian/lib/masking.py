"""Personal data shown in lists and on paper is masked; the full value only where it is needed."""

from __future__ import annotations


def mask_id_number(value: str) -> str:
    """A resident ID number with its birth date and sequence hidden: 130481********123X."""
    value = (value or "").strip()
    if len(value) < 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """A phone number with its middle hidden: 138****5678."""
    value = (value or "").strip()
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
