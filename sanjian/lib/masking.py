"""Personal data shown in lists and on paper is masked; the full value only where it is needed."""

from __future__ import annotations


def _mask(value: str, keep_start: int, keep_end: int) -> str:
    value = (value or "").strip()
    # Keep the ends only when at least four characters stay hidden; short values keep their last two.
    if len(value) - keep_start - keep_end < 4:
        keep_start, keep_end = 0, 2 if len(value) >= 6 else 0
    hidden = len(value) - keep_start - keep_end
    return value[:keep_start] + "*" * hidden + (value[-keep_end:] if keep_end else "")


def mask_id_number(value: str) -> str:
    """A resident ID number with its birth date and sequence hidden: 130481********123X."""
    return _mask(value, 6, 4)


def mask_phone(value: str) -> str:
    """A phone number with its middle hidden: 138****5678; short numbers show their last two."""
    return _mask(value, 3, 4)
