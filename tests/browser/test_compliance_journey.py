"""Compliance in Chromium: an editor records an RGAA audit and the portfolio heat map changes; axe on every page."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from equipage.compliance.evidence import store_evidence
from equipage.registry.models import Governance
from tests.browser.conftest import assert_accessible, login
from tests.compliance.factories import HomologationFactory, ProcessingActivityFactory
from tests.factories import TEST_PASSWORD, ProductFactory, UserFactory


def rgaa_cell(page: Page, product_name: str):
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(product_name)))
    return row.get_by_role("cell").nth(1)  # columns: RGPD, RGAA, RGS, RGESN


@pytest.mark.browser
def test_editor_records_an_audit_and_the_heat_map_changes(page: Page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    lead = UserFactory(first_name="Paule", last_name="Pilote")
    product = ProductFactory(name="Guichet unique", slug="guichet-unique", governance=Governance.SHARED, editors=[lead])
    today = timezone.localdate()
    homologation = HomologationFactory(
        product=product,
        decision_date=today - datetime.timedelta(days=400),
        valid_until=today + datetime.timedelta(days=30),
    )
    ProcessingActivityFactory(product=product, name="Comptes des usagers", impact_assessment_required=True)
    store_evidence(
        product=product,
        record_kind="homologation",
        record_id=homologation.pk,
        upload=SimpleUploadedFile("decision.pdf", b"%PDF-1.7\n%%EOF\n"),
        user=lead,
    )

    login(page, live_server, lead.email, TEST_PASSWORD)

    # The heat map: no audit, no statement yet.
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Conformité").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portefeuille : conformité des produits")
    expect(rgaa_cell(page, "Guichet unique")).to_contain_text("Manquant")
    assert_accessible(page)

    # The product's compliance record.
    page.get_by_role("link", name="Guichet unique").click()
    expect(page.get_by_role("heading", level=2, name="Conformité")).to_be_visible()
    expect(page.get_by_role("link", name="decision.pdf")).to_be_visible()
    expect(page.get_by_text("Requise, non réalisée")).to_be_visible()
    assert_accessible(page)

    # Record an audit.
    page.get_by_role("link", name="Enregistrer un audit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouvel audit d’accessibilité")
    assert_accessible(page)
    page.get_by_label("Date de l’audit").fill(today.isoformat())
    page.get_by_label("Auditeur").fill("Cabinet Accès")
    page.get_by_label("Taux de conformité (%)").fill("82.5")
    page.get_by_role("button", name="Enregistrer l’audit").click()
    expect(page.get_by_text("L’audit d’accessibilité a été enregistré.")).to_be_visible()
    expect(page.locator("#rgaa")).to_contain_text("Partiellement conforme")
    expect(page.locator("#rgaa")).to_contain_text("82,5 %")

    # Attach a document: the form is accessible too.
    page.locator("#rgaa").get_by_role("link", name=re.compile("Joindre une pièce")).click()
    assert_accessible(page)

    # Back on the heat map, the RGAA cell changed.
    page.goto(f"{live_server.url}/portefeuille/conformite/")
    cell = rgaa_cell(page, "Guichet unique")
    expect(cell).to_contain_text("À jour")
    expect(cell).to_contain_text("Partiellement conforme (82,5 %)")
    expect(page.get_by_role("row").filter(has_text="Guichet unique")).to_contain_text("À échéance")  # RGS expiring
    page.get_by_label("Service public").select_option(label="Services publics numériques")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_text("Aucun produit ne correspond.")).to_be_visible()


@pytest.mark.browser
def test_every_compliance_form_passes_axe(page: Page, live_server):
    lead = UserFactory()
    ProductFactory(name="Guichet unique", slug="guichet-unique", editors=[lead])
    login(page, live_server, lead.email, TEST_PASSWORD)
    for path, heading in [
        ("traitements/nouveau/", "Nouveau traitement de données"),
        ("accessibilite/modifier/", "Déclaration d’accessibilité et schéma pluriannuel"),
        ("homologation/modifier/", "Homologation de sécurité"),
        ("ecoconception/modifier/", "Déclaration d’écoconception"),
    ]:
        page.goto(f"{live_server.url}/produits/guichet-unique/conformite/{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
    # A refused submission shows its errors accessibly too.
    page.get_by_label("Critères évalués").fill("90")
    page.get_by_label("Date de la déclaration").fill("2026-01-01")
    page.get_by_role("button", name="Enregistrer la déclaration").click()
    expect(page.get_by_text("Le RGESN 2024 compte 78 critères au plus.", exact=True)).to_be_visible()
    assert_accessible(page)
