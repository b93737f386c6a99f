"""Compliance's vigilance rules: one per alert kind (RGPD, RGAA, RGS deadlines), with its one severity.

Registered with the engine when the apps are ready (see `equipage/checks/engine.py`). The alert
kinds and their severities are declared once, in `selectors.ALERT_KINDS`; an alert of an
undeclared kind is refused when it is built.
"""

from __future__ import annotations

from equipage.checks.engine import Batch, ProductFacts, fact, rule
from equipage.checks.store import register_derived

from .models import (
    AccessibilityAudit,
    AccessibilityRecord,
    EcodesignDeclaration,
    Homologation,
    HomologationOpinion,
    ProcessingActivity,
    SecurityMeasure,
    StoredAreaStates,
)
from .selectors import ALERT_KINDS, Alert, ComplianceFacts, _alerts, load_facts, states_to_store


def _own_product(record) -> set[int]:
    return {record.product_id}


@fact(
    "compliance_records",
    default=dict,
    watch={
        model: _own_product
        for model in (
            ProcessingActivity,
            AccessibilityAudit,
            AccessibilityRecord,
            Homologation,
            EcodesignDeclaration,
            SecurityMeasure,
            HomologationOpinion,
        )
    },
)
def compliance_records(batch: Batch) -> dict[int, ComplianceFacts]:
    """Every compliance record of the batch's products (shared by the alerts and the stored heat-map states)."""
    return load_facts(batch.products, scope=batch.scope)


@fact("compliance_alerts", default=list)
def compliance_alerts(batch: Batch) -> dict[int, list[Alert]]:
    return {pk: _alerts(facts, batch.today) for pk, facts in batch.get("compliance_records").items()}


def stored_states(batch: Batch) -> list[StoredAreaStates]:
    return states_to_store(batch.get("compliance_records"), batch.today)


# The heat map's states are rewritten with the findings, from the same records (see checks/store.py).
register_derived(StoredAreaStates, stored_states)


def _alerts_of_kind(code: str):
    def check(facts: ProductFacts):
        for alert in facts.compliance_alerts:
            if alert.code == code:
                yield alert.message, alert.remedy

    check.__name__ = f"compliance_{code.lower()}"
    return check


for _code, _kind in ALERT_KINDS.items():
    rule(
        _code,
        _kind.severity,
        _kind.title,
        short=_kind.short,
        area=_kind.area,
        level=_kind.level,
        activity=_kind.activity,
    )(_alerts_of_kind(_code))
