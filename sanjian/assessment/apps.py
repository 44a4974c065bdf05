from django.utils.translation import gettext_lazy as _

from sanjian.lib import registries


class AssessmentConfig(registries.SanjianAppConfig):
    """目标考核: periods, indicators, responsibility letters, cost quotas, scores, publication."""

    name = "sanjian.assessment"
    label = "assessment"
    verbose_name = _("Target assessment")
