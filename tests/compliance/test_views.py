"""The compliance pages: who reads, who changes, and the portfolio heat map in bounded queries."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from equipage.compliance.models import AccessibilityAudit, EcodesignDeclaration, Homologation, ProcessingActivity
from equipage.registry.models import Governance, Phase
from tests.compliance.factories import (
    AccessibilityAuditFactory,
    AccessibilityRecordFactory,
    EcodesignDeclarationFactory,
    HomologationFactory,
    ProcessingActivityFactory,
)
from tests.factories import OrganisationFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_the_record_page_shows_each_area_its_state_and_owner(agent_client, product, editor):
    product.governance = Governance.SHARED  # the responsable produit answers for the standards
    product.save()
    HomologationFactory(product=product, decision_date=datetime.date(2020, 1, 1), valid_until=datetime.date(2023, 1, 1))
    AccessibilityAuditFactory(product=product, conformity_rate=Decimal("55"))
    ProcessingActivityFactory(product=product, name="Comptes usagers", impact_assessment_required=True)
    response = agent_client.get(f"/produits/{product.slug}/conformite/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Synthèse de la conformité de Mon parcours" in html
    assert "Partiellement conforme" in html and "55 %" in html
    assert "Requise, non réalisée" in html
    assert "Expirée" in html
    assert "Éric Éditeur" in html  # responsable produit: owner of the standards in this configuration
    assert "Enregistrer un audit" not in html  # agents read only


def test_an_editor_records_an_audit(editor_client, product):
    response = editor_client.post(
        f"/produits/{product.slug}/conformite/audits/nouveau/",
        {
            "audited_on": "2026-01-10",
            "audit_type": "complet",
            "auditor": "Cabinet Accès",
            "auditor_kind": "externe",
            "rgaa_version": "4.1.2",
            "conformity_rate": "100",
            "pages_text": "Accueil | https://service.exemple.gouv.fr/\nContact",
        },
    )
    assert response.status_code == 302
    assert response.url == f"/produits/{product.slug}/conformite/#rgaa"
    audit = AccessibilityAudit.objects.get(product=product)
    assert audit.conformity_rate == 100
    assert audit.rate_source == "saisi"  # a bare rate, marked as such
    assert audit.pages == [
        {"name": "Accueil", "url": "https://service.exemple.gouv.fr/"},
        {"name": "Contact", "url": ""},
    ]
    assert audit.history.first().history_user is not None


def test_a_future_audit_is_refused_and_nothing_saved(editor_client, product):
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = editor_client.post(
        f"/produits/{product.slug}/conformite/audits/nouveau/",
        {"audited_on": future, "auditor": "X", "rgaa_version": "4.1.2", "conformity_rate": "120"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "ne peut pas être dans le futur" in html
    assert "entre 0 et 100" in html
    assert not AccessibilityAudit.objects.exists()


def test_an_agent_cannot_change_records(agent_client, product):
    response = agent_client.post(
        f"/produits/{product.slug}/conformite/homologation/modifier/", {"authority": "Moi", "started_on": "2026-01-01"}
    )
    assert response.status_code == 403
    assert not Homologation.objects.exists()


def test_an_editor_records_the_homologation_then_updates_it(editor_client, product):
    url = f"/produits/{product.slug}/conformite/homologation/modifier/"
    data = {
        "authority": "Claire Martin",
        "authority_function": "Directrice du numérique",
        "decision": "homologuee",
        "decision_date": "2025-01-01",
        "validity_months": "60",
    }
    response = editor_client.post(url, data)
    assert "6, 12, 24 ou 36 mois" in response.content.decode()
    assert not Homologation.objects.exists()
    editor_client.post(url, data | {"validity_months": "36"})
    editor_client.post(url, data | {"validity_months": "24"})
    homologation = Homologation.objects.get(product=product)
    assert homologation.valid_until == datetime.date(2027, 1, 1)
    assert homologation.history.count() == 2


def test_editors_add_and_change_processing_activities(editor_client, product):
    data = {
        "name": "Comptes",
        "purpose": "Connexion",
        "legal_basis": "mission_publique",
        "data_categories": "Identité",
        "retention_period": "3 ans",
        "cnil_formality": "aucune",
        "aipd_cnil_types": ["accompagnement_social"],
        "aipd_assessed_on": "2026-01-05",
    }
    editor_client.post(f"/produits/{product.slug}/conformite/traitements/nouveau/", data)
    activity = ProcessingActivity.objects.get(product=product)
    assert activity.impact_assessment_missing
    editor_client.post(
        f"/produits/{product.slug}/conformite/traitements/{activity.pk}/modifier/",
        data | {"impact_assessment_done_on": "2026-01-05", "in_ministry_register": "on"},
    )
    activity.refresh_from_db()
    assert not activity.impact_assessment_missing and activity.in_ministry_register


def test_an_archived_product_is_read_only(editor_client, product):
    product.archived_at = timezone.now()
    product.save()
    response = editor_client.post(
        f"/produits/{product.slug}/conformite/ecoconception/modifier/", {"declared_on": "2026-01-01"}
    )
    assert response.status_code == 403
    assert "restaurez-le avant de modifier sa conformité" in response.content.decode()
    assert not EcodesignDeclaration.objects.exists()


def test_the_product_tabs_lead_to_the_compliance_record(agent_client, product):
    html = agent_client.get(f"/produits/{product.slug}/").content.decode()
    assert f'href="/produits/{product.slug}/conformite/"' in html


# --- Portfolio ---


def _portfolio_products(count, sponsor=None):
    products = []
    for index in range(count):
        product = ProductFactory(sponsor=sponsor or OrganisationFactory(), is_public_service=index % 2 == 0)
        HomologationFactory(product=product)
        AccessibilityAuditFactory(product=product)
        AccessibilityRecordFactory(product=product)
        ProcessingActivityFactory(product=product)
        EcodesignDeclarationFactory(product=product)
        products.append(product)
    return products


@pytest.mark.parametrize("count", [2, 20])
def test_the_heat_map_takes_the_same_number_of_queries_for_2_and_20_products(
    count, agent_client, django_assert_num_queries
):
    _portfolio_products(count)
    agent_client.get("/portefeuille/conformite/")  # warm the session
    # session, user, sponsors of the filter, the counts and the number of products (one aggregate over the
    # stored states), the page's products with their stored states
    with django_assert_num_queries(5):
        response = agent_client.get("/portefeuille/conformite/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == count
    assert response.context["row_count"] == count == response.context["page_obj"].paginator.count
    # session, user, the products with their stored states
    with django_assert_num_queries(3):
        assert agent_client.get("/portefeuille/conformite.csv").status_code == 200


def test_the_heat_map_names_each_state_in_words(agent_client):
    done, lapsed = ProductFactory(name="Service à jour"), ProductFactory(name="Service échu", is_public_service=True)
    HomologationFactory(product=done)
    HomologationFactory(product=lapsed, decision_date=datetime.date(2020, 1, 1), valid_until=datetime.date(2023, 1, 1))
    html = agent_client.get("/portefeuille/conformite/").content.decode()
    for label in ("À jour", "À échéance", "Échu", "Manquant"):
        assert label in html  # the legend and the cells say it, colour only repeats it
    assert "Service public sans déclaration" in html


def test_the_heat_map_filters_by_sponsor_phase_and_public_service(agent_client):
    direction = OrganisationFactory(name="Direction des affaires juridiques")
    kept = ProductFactory(name="Gardé", sponsor=direction, phase=Phase.ACCELERATION, is_public_service=True)
    ProductFactory(name="Autre direction", phase=Phase.ACCELERATION, is_public_service=True)
    ProductFactory(name="Autre phase", sponsor=direction, phase=Phase.INVESTIGATION, is_public_service=True)
    ProductFactory(name="Interne", sponsor=direction, phase=Phase.ACCELERATION, is_public_service=False)
    response = agent_client.get(
        "/portefeuille/conformite/", {"sponsor": direction.pk, "phase": "acceleration", "public": "oui"}
    )
    assert [row.product for row in response.context["rows"]] == [kept]


def test_the_csv_export_follows_the_filters(agent_client):
    direction = OrganisationFactory()
    kept = ProductFactory(name="=Gardé", sponsor=direction)
    HomologationFactory(product=kept)
    ProductFactory()
    response = agent_client.get("/portefeuille/conformite.csv", {"sponsor": direction.pk})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Produit", "Identifiant", "Direction sponsor", "Phase", "Service public"]
    assert len(rows) == 2
    assert rows[1][0] == "'=Gardé"  # no formula injection
    assert rows[1][rows[0].index("RGS état")] == "À jour"


def test_archived_products_are_not_on_the_heat_map(agent_client):
    ProductFactory(name="Archivé", archived_at=timezone.now())
    assert agent_client.get("/portefeuille/conformite/").context["rows"] == []
