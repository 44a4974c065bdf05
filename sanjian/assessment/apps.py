from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """目标考核: periods, indicators, responsibility letters, cost quotas, scores, publication."""

    name = "sanjian.assessment"
    label = "assessment"
    verbose_name = _("Target assessment")
