"""Writes of the assessment platform: keyword-only, with the acting user that history records.

Split by stage of the flow; import from here.
"""

from sanjian.assessment.services.appeals import adjustment_make, appeal_decide, appeal_file
from sanjian.assessment.services.costs import (
    ImportErrors,
    cost_actual_set,
    cost_item_save,
    costs_import,
    import_headers,
)
from sanjian.assessment.services.letters import (
    ItemChange,
    entry_add,
    entry_withdraw,
    letter_items_save,
    letter_people_set,
    letter_sign,
)
from sanjian.assessment.services.periods import (
    alerts_raise,
    letters_create,
    period_close,
    period_finalise,
    period_open,
    period_publish,
    period_reopen,
    period_review,
    periods_finalise_due,
    rank_results,
    results_store,
)
from sanjian.assessment.services.setup import TemplateRow, indicator_save, policy_save, template_save

__all__ = [
    "ImportErrors",
    "ItemChange",
    "TemplateRow",
    "adjustment_make",
    "alerts_raise",
    "appeal_decide",
    "appeal_file",
    "cost_actual_set",
    "cost_item_save",
    "costs_import",
    "entry_add",
    "entry_withdraw",
    "import_headers",
    "indicator_save",
    "letter_items_save",
    "letter_people_set",
    "letter_sign",
    "letters_create",
    "period_close",
    "period_finalise",
    "period_open",
    "period_publish",
    "period_reopen",
    "period_review",
    "periods_finalise_due",
    "policy_save",
    "rank_results",
    "results_store",
    "template_save",
]
