"""Compliance as the State's tools model it, in Chromium: a homologation recorded step by step up to
the decision changes the heat map; an Ara audit imported gives the status and the generated
statement; axe-core on every new page."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from equipage.compliance import standards
from equipage.registry.models import Phase
from tests.browser.conftest import assert_accessible, login
from tests.compliance.factories import ProcessingActivityFactory
from tests.factories import TEST_PASSWORD, ProductFactory, UserFactory

ARA_FIXTURE = Path(__file__).parent.parent / "compliance" / "fixtures" / "ara_audit_rapide.json"


def cell(page: Page, product_name: str, column: int):
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile(product_name)))
    return row.get_by_role("cell").nth(column)  # columns: RGPD, RGAA, RGS, RGESN


def step(page: Page, code: str):
    return page.locator(f'tr[data-step="{code}"]')


def complete_ara_export(tmp_path: Path) -> Path:
    """A complete (106-criteria) Ara export built from the fixture's format: 2 criteria not met."""
    report = json.loads(ARA_FIXTURE.read_text())
    report["auditType"] = "FULL"
    report["results"] = [
        {
            "topic": int(criterion.split(".")[0]),
            "criterium": int(criterion.split(".")[1]),
            "pageId": page_id,
            "status": "NOT_COMPLIANT" if criterion in ("1.1", "3.2") and page_id == 302 else "COMPLIANT",
        }
        for criterion in standards.RGAA_CRITERIA
        for page_id in (301, 302)
    ]
    path = tmp_path / "audit-ara.json"
    path.write_text(json.dumps(report), encoding="utf-8")
    return path


@pytest.mark.browser
def test_homologation_step_by_step_then_an_ara_import(page: Page, live_server, tmp_path):
    lead = UserFactory(first_name="Paule", last_name="Pilote")
    product = ProductFactory(name="Guichet unique", slug="guichet-unique", phase=Phase.PERENNISATION, editors=[lead])
    ProcessingActivityFactory(product=product, name="Comptes des usagers")
    login(page, live_server, lead.email, TEST_PASSWORD)

    page.goto(f"{live_server.url}/portefeuille/conformite/")
    expect(cell(page, "Guichet unique", 2)).to_contain_text("Manquant")
    assert_accessible(page)

    # Step 1 and 2: needs and risk analysis.
    page.goto(f"{live_server.url}/produits/guichet-unique/conformite/")
    page.get_by_role("link", name="Modifier l’homologation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Homologation de sécurité")
    assert_accessible(page)
    page.get_by_label("Besoins de sécurité").select_option(label="Modérés")
    page.get_by_label("Analyse de risques du").fill("2026-01-10")
    page.get_by_label("Méthode de l’analyse de risques").fill("Analyse simplifiée")
    page.get_by_role("button", name="Enregistrer l’homologation").click()
    expect(step(page, "besoins")).to_contain_text("Faite")
    expect(step(page, "risques")).to_contain_text("Faite")
    expect(step(page, "decision")).to_contain_text("À faire")

    # Step 3: a measure.
    page.get_by_role("link", name="Ajouter une mesure").click()
    assert_accessible(page)
    page.locator("#id_title").fill("Authentification à deux facteurs")
    page.get_by_label("Statut").select_option(label="Faite")
    page.get_by_role("button", name="Ajouter la mesure").click()
    expect(step(page, "mesures")).to_contain_text("1 sur 1 faites ou non applicables")

    # Step 4: an opinion, then the decision.
    page.get_by_role("link", name="Enregistrer un avis").click()
    assert_accessible(page)
    page.get_by_label("Auteur de l’avis").fill("RSSI ministériel")
    page.locator("#id_verdict").select_option(label="Favorable")
    page.get_by_label("Rendu le").fill("2026-02-01")
    page.get_by_role("button", name="Enregistrer l’avis").click()
    expect(step(page, "decision")).to_contain_text("En cours")
    page.get_by_role("link", name="Modifier l’homologation").click()
    page.get_by_label("Autorité d’homologation").fill("Claire Martin")
    page.get_by_label("Fonction de l’autorité").fill("Directrice du numérique")
    page.locator("#id_decision").select_option(label="Homologation prononcée")
    page.get_by_label("Date de la décision").fill("2026-02-15")
    page.get_by_label("Durée de validité").select_option(label="24 mois")
    page.get_by_role("button", name="Enregistrer l’homologation").click()
    expect(step(page, "decision")).to_contain_text("Faite")
    expect(page.locator("#rgs")).to_contain_text("jusqu’au 15 février 2028")
    assert_accessible(page)

    page.goto(f"{live_server.url}/portefeuille/conformite/")
    expect(cell(page, "Guichet unique", 2)).to_contain_text("À jour")

    # Import a complete audit from Ara: the status and the generated statement follow.
    page.goto(f"{live_server.url}/produits/guichet-unique/conformite/")
    page.get_by_role("link", name="Importer un audit d’Ara").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer un audit d’Ara")
    assert_accessible(page)
    page.get_by_label("Export JSON d’Ara").set_input_files(complete_ara_export(tmp_path))
    page.get_by_role("button", name="Importer l’audit").click()
    expect(page.get_by_text("taux de conformité calculé 98,11 %")).to_be_visible()  # 104 met of 106 applicable
    expect(page.locator("#rgaa [data-accessibility-status]")).to_have_text("Partiellement conforme")
    page.get_by_role("link", name=re.compile("Déclaration d’accessibilité produite")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d’accessibilité")
    expect(page.get_by_text("Critères du RGAA non respectés : 1.1, 3.2.")).to_be_visible()
    expect(page.get_by_text("Formulaire de contact — https://mon-parcours.exemple.gouv.fr/contact")).to_be_visible()
    assert_accessible(page)

    # The registers of the portfolio.
    for path, heading in [
        ("/portefeuille/conformite/dispenses/", "Registre des dispenses d’homologation"),
        ("/portefeuille/conformite/registre/", "Registre des traitements de données personnelles"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)
