"""The deviations tab on every product page, and their place on the product's history timeline."""

from equipage.checks.engine import RULES
from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_tab

from .models import Deviation


def rule_title(code: str) -> str:
    """A deviation is read by its rule's title on the timeline; the code only for a rule no longer registered."""
    rule = RULES.get(code)
    return rule.title if rule else code


register_tab("deviations", "Dérogations", "deviations:product_list", order=88)

register_history_kind("derogations", "Dérogations", order=88)
register_history_source(
    "derogations", Deviation, "product_id", label_fields=("code",), describe=lambda _field, code: rule_title(code)
)
