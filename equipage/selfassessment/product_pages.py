"""Self-assessment's tab on every product page."""

from equipage.core.product_pages import register_tab

register_tab("selfassessment", "Autodiagnostic", "selfassessment:overview", order=50)
