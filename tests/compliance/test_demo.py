import pytest
from django.utils import timezone

from equipage.compliance.demo import SCENARIOS, load_demo_compliance
from equipage.compliance.models import (
    AccessibilityAudit,
    AccessibilityRecord,
    EcodesignDeclaration,
    Homologation,
    HomologationOpinion,
    ProcessingActivity,
    SecurityMeasure,
)
from equipage.compliance.selectors import compliance_alerts, load_facts
from equipage.compliance.states import (
    DeclaredStatus,
    HomologationState,
    StatementState,
    declared_status,
    homologation_state,
    statement_state,
)
from equipage.registry.models import Product
from tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PUBLIC = {
    "mon-parcours-emploi",
    "aides-inclusion",
    "registre-accords",
    "demat-social",
    "prevention-risques",
    "formation-competences",
    "observatoire-insertion",
}


@pytest.fixture
def products():
    return [ProductFactory(slug=slug, is_public_service=slug in PUBLIC) for slug in SCENARIOS]


def snapshot():
    return [
        list(model.objects.order_by("pk").values_list(*fields))
        for model, fields in [
            (ProcessingActivity, ("product__slug", "name", "impact_assessment_done_on", "cnil_reference")),
            (AccessibilityAudit, ("product__slug", "audited_on", "auditor", "conformity_rate")),
            (AccessibilityRecord, ("product__slug", "statement_date")),
            (Homologation, ("product__slug", "authority", "valid_until", "renewal_trigger")),
            (EcodesignDeclaration, ("product__slug", "declared_on", "criteria_met")),
        ]
    ]


def test_every_state_appears_and_loading_again_changes_nothing(products):
    load_demo_compliance(seed=7)
    first = snapshot()
    load_demo_compliance(seed=7)
    assert snapshot() == first

    facts = load_facts(Product.objects.all())
    homologations = {homologation_state(f.homologation, timezone.localdate()) for f in facts.values()}
    assert homologations == set(HomologationState)
    levels = {declared_status(f.latest_audit.conformity_rate) for f in facts.values() if f.latest_audit}
    assert levels == set(DeclaredStatus)
    audits = AccessibilityAudit.objects.all()
    assert set(audits.values_list("audit_type", flat=True)) == {"complet", "complementaire", "rapide"}
    assert set(audits.values_list("rate_source", flat=True)) == {"calcule", "saisi"}
    statements = {
        statement_state(f.accessibility, f.audits, timezone.localdate()) for f in facts.values() if f.accessibility
    }
    assert StatementState.OUTDATED in statements and StatementState.CURRENT in statements
    assert AccessibilityRecord.objects.exclude(substantial_change_on=None).exists()
    assert set(ProcessingActivity.objects.values_list("impact_assessment_required", flat=True)) == {True, False}
    alerts = {alert.code for found in compliance_alerts([p.pk for p in products]).values() for alert in found}
    assert {
        "HOMOLOGATION_EXPIREE",
        "HOMOLOGATION_A_ECHEANCE",
        "DECLARATION_ACCESSIBILITE_ABSENTE",
        "DECLARATION_ACCESSIBILITE_ANCIENNE",
        "AIPD_MANQUANTE",
        "HOMOLOGATION_REFUSEE",
        "DISPENSE_ECHUE",
        "TRAITEMENT_HORS_REGISTRE",
    } <= alerts


def test_the_same_seed_gives_the_same_records(products):
    load_demo_compliance(seed=3)
    first = snapshot()
    for model in (
        ProcessingActivity,
        AccessibilityRecord,
        AccessibilityAudit,
        Homologation,
        EcodesignDeclaration,
        SecurityMeasure,
        HomologationOpinion,
    ):
        model.objects.all().delete()
    load_demo_compliance(seed=3)
    assert snapshot() == first
