"""Transitional: the services are split into modules in the next commit."""

from sanjian.windows.services.inspections import *  # noqa: F403
from sanjian.windows.services.inspections import _ticket_open  # noqa: F401
