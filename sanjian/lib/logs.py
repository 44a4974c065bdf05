"""Logging that an operator can read: a refusal is one line, an error keeps its traceback."""

from __future__ import annotations

import logging


class OneLineRefusals(logging.Filter):
    """Django logs every 403 (``PermissionDenied``) with a full traceback, as if it were a fault.
    A refusal is an ordinary answer: log it as one line saying who was refused what, and why."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        user = getattr(request, "user", None)
        who = user.get_username() if user is not None and user.is_authenticated else "anonymous"
        exc = record.exc_info[1] if record.exc_info else None
        why = str(exc) if exc is not None and str(exc) else "permission denied"
        method = getattr(request, "method", "")
        path = getattr(request, "path", "")
        record.msg, record.args = "Refused %s %s to %s: %s", (method, path, who, why)
        record.exc_info = record.exc_text = None
        record.stack_info = None
        return True
