"""Transitional: the models are split into modules in the next commit."""

from sanjian.windows.models.inspections import *  # noqa: F403
from sanjian.windows.models.inspections import photo_upload_to  # noqa: F401
