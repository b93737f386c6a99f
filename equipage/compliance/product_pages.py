"""Compliance's tab on every product page and its section of the product sheet."""

from equipage.core.history import register_history_kind, register_history_source
from equipage.core.product_pages import register_section, register_tab

from .models import (
    AccessibilityAudit,
    AccessibilityRecord,
    EcodesignDeclaration,
    Evidence,
    Homologation,
    HomologationOpinion,
    ProcessingActivity,
    SecurityMeasure,
)
from .selectors import sheet_summary

register_tab("compliance", "Conformité", "compliance:overview", order=70)


@register_section("compliance", "compliance/_sheet_summary.html", order=20)
def compliance_section(product) -> dict:
    return {"compliance": sheet_summary(product)}


register_history_kind("conformite", "Conformité", order=60)
register_history_source("conformite", ProcessingActivity, "product_id", label_fields=("name",))
register_history_source("conformite", AccessibilityAudit, "product_id")
register_history_source("conformite", AccessibilityRecord, "product_id")
register_history_source("conformite", Homologation, "product_id")
register_history_source("conformite", SecurityMeasure, "product_id", label_fields=("title",))
register_history_source("conformite", HomologationOpinion, "product_id")
register_history_source("conformite", EcodesignDeclaration, "product_id")
register_history_source("conformite", Evidence, "product_id")
