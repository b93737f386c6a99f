"""Self-assessment's tab on every product page."""

from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_tab

from .models import Answer, SelfAssessment

register_tab("selfassessment", "Autodiagnostic", "selfassessment:overview", order=50)

register_history_kind("autodiagnostics", "Autodiagnostics", order=70)
register_history_source("autodiagnostics", SelfAssessment, "product_id", label_fields=("role", "respondent"))
register_history_source("autodiagnostics", Answer, "assessment__product_id", label_fields=("question_key",))
