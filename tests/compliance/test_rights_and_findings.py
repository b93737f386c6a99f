"""The RSSI edits the homologation and its measures, the DPO the register and the AIPD, the other
leads keep their rights; the new vigilance findings."""

import datetime

import pytest
import time_machine
from django.test import Client
from rest_framework.test import APIClient

from equipage.compliance.models import Homologation, ProcessingActivity, SecurityMeasure
from equipage.compliance.selectors import compliance_alerts
from equipage.registry.models import Phase
from equipage.teams.roles import Role
from tests.compliance.factories import EcodesignDeclarationFactory, HomologationFactory, ProcessingActivityFactory
from tests.factories import MembershipFactory, ProductFactory, UserFactory, person_for

pytestmark = pytest.mark.django_db
D = datetime.date


def member(product, role):
    user = UserFactory()
    MembershipFactory(product=product, person=person_for(user), role=role)
    client = Client()
    client.force_login(user)
    return client, user


def test_the_rssi_edits_the_homologation_and_its_measures_but_not_the_register(product):
    rssi, _user = member(product, Role.SECURITY_OFFICER)
    base = f"/produits/{product.slug}/conformite/"
    response = rssi.post(base + "homologation/modifier/", {"security_needs": "moderes", "started_on": "2026-01-05"})
    assert response.status_code == 302
    assert Homologation.objects.get(product=product).security_needs == "moderes"
    assert rssi.post(base + "mesures/nouvelle/", {"title": "MFA", "status": "faite"}).status_code == 302
    assert SecurityMeasure.objects.filter(product=product).count() == 1
    refused = rssi.post(base + "traitements/nouveau/", {"name": "Comptes", "purpose": "x"})
    assert refused.status_code == 403
    assert "DPO" in refused.content.decode()
    assert not ProcessingActivity.objects.exists()


def test_the_dpo_edits_the_register_but_not_the_homologation(product):
    dpo, user = member(product, Role.DATA_PROTECTION_OFFICER)
    base = f"/produits/{product.slug}/conformite/"
    data = {
        "name": "Comptes",
        "purpose": "Connexion",
        "legal_basis": "mission_publique",
        "data_categories": "Identité",
        "retention_period": "3 ans",
        "cnil_formality": "aucune",
        "aipd_criteria": ["evaluation", "surveillance"],
        "aipd_assessed_on": "2026-01-05",
    }
    assert dpo.post(base + "traitements/nouveau/", data).status_code == 302
    assert ProcessingActivity.objects.get(product=product).impact_assessment_required is True
    assert dpo.post(base + "homologation/modifier/", {"security_needs": "moderes"}).status_code == 403
    assert not Homologation.objects.exists()
    api = APIClient()
    api.force_authenticate(user)
    response = api.post(f"/api/v1/products/{product.slug}/compliance/security-measures/", {"title": "X"}, format="json")
    assert response.status_code == 403
    assert not SecurityMeasure.objects.exists()


def test_other_leads_keep_their_rights(editor_client, product):
    base = f"/produits/{product.slug}/conformite/"
    assert editor_client.get(base + "homologation/modifier/").status_code == 200
    assert editor_client.get(base + "traitements/nouveau/").status_code == 200


def test_a_developer_edits_neither(product):
    developer, _user = member(product, Role.DEVELOPER)
    base = f"/produits/{product.slug}/conformite/"
    assert developer.post(base + "homologation/modifier/", {"security_needs": "moderes"}).status_code == 403
    assert not Homologation.objects.exists()


@time_machine.travel(datetime.datetime(2026, 6, 15, 10, tzinfo=datetime.UTC), tick=False)
def test_the_new_findings():
    live = ProductFactory(name="En production", phase=Phase.PERENNISATION, is_public_service=True)
    ProcessingActivityFactory(product=live, in_ministry_register=False)
    refused = ProductFactory(name="Refusé")
    Homologation.objects.create(
        product=refused, authority="A", authority_function="B", decision="refusee", decision_date=D(2026, 5, 1)
    )
    lapsed = ProductFactory(name="Dispense échue")
    Homologation.objects.create(
        product=lapsed, exemption_case="urgence", exemption_granted_on=D(2025, 1, 1), exemption_deadline=D(2025, 7, 1)
    )
    calm = ProductFactory(name="Calme", phase=Phase.PERENNISATION, is_public_service=True)
    HomologationFactory(product=calm, decision_date=D(2026, 1, 1), validity_months=36, valid_until=D(2029, 1, 1))
    EcodesignDeclarationFactory(product=calm)
    found = {
        pk: {alert.code for alert in alerts}
        for pk, alerts in compliance_alerts([live.pk, refused.pk, lapsed.pk, calm.pk]).items()
    }
    assert {"HOMOLOGATION_ABSENTE", "TRAITEMENT_HORS_REGISTRE", "RGESN_ABSENTE"} <= found[live.pk]
    assert found[refused.pk] == {"HOMOLOGATION_REFUSEE"}
    assert found[lapsed.pk] == {"DISPENSE_ECHUE"}
    assert not found[calm.pk] & {"HOMOLOGATION_ABSENTE", "RGESN_ABSENTE", "HOMOLOGATION_REFUSEE"}


def test_the_rssi_attaches_evidence_to_the_homologation_not_to_an_audit(product):
    from tests.compliance.factories import AccessibilityAuditFactory

    rssi, _user = member(product, Role.SECURITY_OFFICER)
    homologation = HomologationFactory(product=product)
    audit = AccessibilityAuditFactory(product=product)
    base = f"/produits/{product.slug}/conformite/preuves/"
    assert rssi.get(f"{base}homologation/{homologation.pk}/ajouter/").status_code == 200
    assert rssi.get(f"{base}audit/{audit.pk}/ajouter/").status_code == 403
