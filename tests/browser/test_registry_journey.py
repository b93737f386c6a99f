"""The registry as people use it, in Chromium, with an axe-core check on every page reached."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import TEST_PASSWORD, AdminFactory, OrganisationFactory, ProductFactory, UserFactory


def main_navigation(page: Page):
    return page.get_by_role("navigation", name="Menu principal")


@pytest.mark.browser
def test_administrator_creates_finds_edits_a_product_and_reads_its_history(page: Page, live_server):
    admin = AdminFactory(first_name="Ada", last_name="Administratrice")
    OrganisationFactory(name="Direction des usagers", acronym="DU")
    ProductFactory(name="Guichet des aides", pitch="Demander une aide en ligne.")

    login(page, live_server, admin.email, TEST_PASSWORD, check_accessibility=True)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bonjour Ada")
    assert_accessible(page)

    main_navigation(page).get_by_role("link", name="Produits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Produits")
    assert_accessible(page)

    page.get_by_role("link", name="Nouveau produit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nouveau produit")
    assert_accessible(page)
    page.get_by_label("Nom", exact=True).fill("Boussole des démarches")
    page.get_by_label("Pitch").fill("Orienter chaque usager vers la bonne démarche.")
    page.get_by_label("Direction sponsor").select_option(label="Direction des usagers (DU)")
    page.get_by_label("Phase").select_option(label="Construction")
    page.get_by_label("Configuration de gouvernance").select_option(label="Co-responsabilité métier & DNUM")
    page.get_by_role("button", name="Créer le produit").click()

    expect(page).to_have_url(re.compile(r"/produits/boussole-des-demarches/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Boussole des démarches")
    expect(page.get_by_role("status").filter(has_text="a été créé")).to_be_visible()
    expect(page.get_by_text("Orienter chaque usager vers la bonne démarche.")).to_be_visible()
    expect(page.locator("dd").filter(has_text="Direction des usagers")).to_be_visible()
    assert_accessible(page)

    main_navigation(page).get_by_role("link", name="Produits").click()
    expect(page.get_by_role("link", name="Guichet des aides")).to_be_visible()
    page.get_by_label("Rechercher un produit").fill("boussole")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"[?&]q=boussole"))
    expect(page.get_by_text("1 produit trouvé")).to_be_visible()
    expect(page.get_by_role("link", name="Guichet des aides")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Boussole des démarches").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Boussole des démarches")
    page.get_by_role("link", name="Modifier la fiche").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Modifier Boussole des démarches")
    assert_accessible(page)
    page.get_by_label("Phase").select_option(label="Accélération")
    page.get_by_label("Pitch").fill("Trouver la bonne démarche en trois questions.")
    page.get_by_role("button", name="Enregistrer les modifications").click()

    expect(page.get_by_role("status").filter(has_text="Les modifications ont été enregistrées.")).to_be_visible()
    expect(page.get_by_text("Trouver la bonne démarche en trois questions.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Rubriques du produit").get_by_role("link", name="Historique").click()
    expect(page.get_by_role("heading", name="Historique des modifications")).to_be_visible()
    change = page.get_by_role("region", name=re.compile(r"^Modification le .+ par Ada Administratrice$"))
    expect(change).to_have_count(1)
    expect(change.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Phase"))).to_have_text(
        re.compile(r"Phase\s*Construction\s*Accélération")
    )
    expect(change.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Pitch"))).to_have_text(
        re.compile(
            r"Pitch\s*Orienter chaque usager vers la bonne démarche\.\s*Trouver la bonne démarche en trois questions\."
        )
    )
    expect(page.get_by_role("region", name=re.compile(r"^Création le .+ par Ada Administratrice$"))).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser
def test_anonymous_visitor_and_agent_without_rights(page: Page, live_server):
    agent = UserFactory(first_name="Agathe", last_name="Lectrice")
    ProductFactory(name="Guichet des aides")

    page.goto(f"{live_server.url}/accessibilite/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Déclaration d’accessibilité")
    assert_accessible(page)

    page.goto(f"{live_server.url}/produits/")
    expect(page).to_have_url(re.compile(r"/connexion/\?next=/produits/$"))

    login(page, live_server, agent.email, TEST_PASSWORD)
    main_navigation(page).get_by_role("link", name="Produits").click()
    expect(page.get_by_role("link", name="Guichet des aides")).to_be_visible()
    expect(page.get_by_role("link", name="Nouveau produit")).to_have_count(0)

    response = page.goto(f"{live_server.url}/produits/inconnu/")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page non trouvée")
    assert_accessible(page)


@pytest.mark.browser
def test_empty_product_form_shows_french_errors(page: Page, live_server):
    admin = AdminFactory()
    OrganisationFactory()

    login(page, live_server, admin.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/produits/nouveau/")
    page.get_by_role("button", name="Créer le produit").click()

    expect(page).to_have_url(re.compile(r"/produits/nouveau/$"))
    expect(page.get_by_role("alert")).to_contain_text("La fiche n’a pas été enregistrée")
    expect(page.get_by_role("alert")).to_contain_text(re.compile(r"Corrigez \d+ champs signalés ci-dessous\."))
    for field in (
        page.get_by_label("Nom", exact=True),
        page.get_by_label("Pitch"),
        page.get_by_label("Direction sponsor"),
    ):
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_accessible_description("Ce champ est obligatoire.")
    expect(page.locator(".fr-input-group--error, .fr-select-group--error").first).to_be_visible()
    assert_accessible(page)
