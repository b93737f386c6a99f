"""The compliance API: everyone signed in reads, editors write, with the pages' validation."""

import datetime

import pytest
from rest_framework.test import APIClient

from equipage.compliance.models import AccessibilityAudit, Homologation, ProcessingActivity
from equipage.registry.models import Governance
from tests.compliance.factories import AccessibilityAuditFactory, HomologationFactory, ProcessingActivityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(editor):
    client = APIClient()
    client.force_authenticate(editor)
    return client


@pytest.fixture
def agent_api(agent):
    client = APIClient()
    client.force_authenticate(agent)
    return client


def base(product):
    return f"/api/v1/products/{product.slug}/compliance/"


def test_the_summary_gives_each_area_its_state_and_owners(agent_api, product, editor):
    product.governance = Governance.SHARED
    product.save()
    HomologationFactory(product=product, decision_date=datetime.date(2020, 1, 1), valid_until=datetime.date(2023, 1, 1))
    body = agent_api.get(base(product)).json()
    areas = {area["area"]: area for area in body["areas"]}
    assert areas["rgs"]["status"] == "echu"
    assert areas["rgs"]["owners"] == ["Éric Éditeur"]
    assert areas["rgpd"]["status"] == "manquant"
    assert body["homologation_state"] == "expiree"
    assert body["accessibility_status"] == "non_conforme"


def test_an_editor_records_an_audit_and_reads_it_back(api, product):
    response = api.post(
        base(product) + "audits/",
        {"audited_on": "2026-01-10", "auditor": "Cabinet", "conformity_rate": "50"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["declared_status"] == "partiellement_conforme"
    assert response.json()["rgaa_version"] == "4.1.2"
    assert api.get(base(product) + "audits/").json()["results"][0]["auditor"] == "Cabinet"


def test_agents_read_but_do_not_write(agent_api, product):
    AccessibilityAuditFactory(product=product)
    assert agent_api.get(base(product) + "audits/").status_code == 200
    response = agent_api.post(
        base(product) + "audits/", {"audited_on": "2026-01-10", "auditor": "X", "conformity_rate": "50"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["message"] == "Vous n’êtes pas éditeur de ce produit."
    assert AccessibilityAudit.objects.count() == 1


def test_the_api_refuses_what_the_pages_refuse(api, product):
    response = api.patch(
        base(product) + "homologation/",
        {"authority": "DNUM", "authority_function": "DNUM", "decision_date": "2025-01-01", "validity_months": 60},
        format="json",
    )
    assert response.status_code == 400
    assert "6, 12, 24 ou 36 mois" in response.json()["errors"]["validity_months"][0]
    assert not Homologation.objects.exists()
    response = api.post(
        base(product) + "audits/", {"audited_on": "2026-01-10", "auditor": "X", "conformity_rate": "101"}
    )
    assert response.status_code == 400 and "conformity_rate" in response.json()["errors"]


def test_an_editor_sets_then_patches_the_homologation(api, product):
    response = api.put(
        base(product) + "homologation/",
        {
            "authority": "Claire Martin",
            "authority_function": "Directrice du numérique",
            "decision": "homologuee",
            "decision_date": "2025-01-01",
            "validity_months": 36,
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "homologuee"
    assert response.json()["valid_until"] == "2028-01-01"
    assert [step["state"] for step in response.json()["steps"]] == ["a_faire", "a_faire", "a_faire", "faite"]
    response = api.patch(
        base(product) + "homologation/",
        {"renewal_trigger": "changement_hebergement", "renewal_trigger_on": "2026-01-02"},
        format="json",
    )
    assert response.json()["state"] == "a_renouveler"
    assert Homologation.objects.get(product=product).authority == "Claire Martin"


def test_processing_activities_through_the_api(api, product):
    response = api.post(
        base(product) + "processing-activities/",
        {
            "name": "Comptes",
            "purpose": "Connexion",
            "legal_basis": "mission_publique",
            "data_categories": "Identité",
            "retention_period": "3 ans",
            "impact_assessment_required": False,  # read only: the questionnaire decides
            "aipd_criteria": ["evaluation", "grande_echelle"],
            "aipd_assessed_on": "2026-01-05",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["impact_assessment_missing"] is True
    assert response.json()["aipd_reason"] == "2 critères du CEPD sur 9 (deux ou plus)"
    pk = response.json()["id"]
    response = api.patch(
        f"{base(product)}processing-activities/{pk}/", {"cnil_formality": "autorisation"}, format="json"
    )
    assert response.status_code == 400
    assert "référence" in response.json()["errors"]["cnil_reference"][0]
    other = ProcessingActivityFactory()
    assert api.get(f"{base(product)}processing-activities/{other.pk}/").status_code == 404
    assert ProcessingActivity.objects.filter(product=product).count() == 1


def test_ecodesign_declaration_is_checked_against_the_78_criteria(api, product):
    response = api.put(
        base(product) + "ecodesign/", {"declared_on": "2026-01-01", "criteria_assessed": 80}, format="json"
    )
    assert response.status_code == 400
    assert "78" in response.json()["errors"]["criteria_assessed"][0]


def test_the_openapi_schema_describes_the_compliance_routes(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/products/{slug}/compliance/homologation/" in schema["paths"]


def test_an_audit_with_results_gets_its_rate_computed_and_a_mismatch_is_refused(api, product):
    from equipage.compliance import standards

    results = {criterion: ["C", "NA"] for criterion in standards.RGAA_FAST_CRITERIA} | {"1.1": ["NC", "C"]}
    payload = {
        "audited_on": "2026-01-10",
        "audit_type": "rapide",
        "auditor": "Pôle accessibilité",
        "auditor_kind": "interne",
        "pages": [{"name": "Accueil", "url": "https://a.exemple.gouv.fr/"}, {"name": "Contact", "url": ""}],
        "results": results,
        "conformity_rate": "12",  # ignored: the results decide
    }
    response = api.post(base(product) + "audits/", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["conformity_rate"], body["rate_source"]) == ("96.00", "calcule")
    assert body["declared_status"] == "non_conforme"  # a fast audit declares nothing
    refused = api.post(base(product) + "audits/", payload | {"audit_type": "complet"}, format="json")
    assert refused.status_code == 400
    assert "ne correspondent pas au type d’audit" in str(refused.json())
    assert AccessibilityAudit.objects.filter(product=product).count() == 1
