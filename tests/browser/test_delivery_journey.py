"""Delivery in Chromium: a story written with criteria, moved with the keyboard; every page passes axe-core."""

import pytest
from playwright.sync_api import Page, expect

from equipage.delivery.models import Story
from tests.browser.conftest import assert_accessible, login
from tests.delivery.factories import RoadmapItemFactory, StoryFactory
from tests.factories import TEST_PASSWORD, ProductFactory, UserFactory
from tests.indicators.factories import ObjectiveFactory


@pytest.mark.browser
def test_a_lead_plans_the_roadmap_writes_a_story_and_moves_it_up_with_the_keyboard(page: Page, live_server):
    lead = UserFactory(first_name="Lina", last_name="Lead")
    product = ProductFactory(name="Guichet", slug="guichet", editors=[lead])
    ObjectiveFactory(product=product, title="Réduire les délais")
    RoadmapItemFactory(product=product, title="Relances automatiques")
    StoryFactory(product=product, title="Story déjà là", criteria=["Un critère"])
    login(page, live_server, lead.email, TEST_PASSWORD)

    page.goto(f"{live_server.url}/produits/guichet/feuille-de-route/")
    expect(page.get_by_role("heading", name="Maintenant")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nouvel élément").click()
    assert_accessible(page)
    page.get_by_label("Titre").fill("Tableau de bord des agents")
    page.get_by_label("Trimestre visé").fill("2026-T3")
    page.get_by_text("Réduire les délais").click()
    page.get_by_role("button", name="Enregistrer l’élément").click()
    expect(page.get_by_text("3e trimestre 2026").first).to_be_visible()

    page.get_by_role("navigation", name="Rubriques du produit").get_by_role("link", name="Backlog").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nouvelle story").click()
    assert_accessible(page)
    page.get_by_label("Titre").fill("Relancer un dossier incomplet")
    page.get_by_label("En tant que").fill("agent instructeur")
    page.get_by_label("Statut").select_option(label="Prête")
    page.get_by_role("button", name="Enregistrer la story").click()
    expect(page.get_by_text("Une story ne peut pas être « prête »").first).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Critères d’acceptation").fill("Étant donné un dossier incomplet\nalors une relance part")
    page.get_by_role("button", name="Enregistrer la story").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Relancer un dossier incomplet")
    assert_accessible(page)

    page.goto(f"{live_server.url}/produits/guichet/backlog/")
    new = Story.objects.get(title="Relancer un dossier incomplet")
    button = page.get_by_role("button", name=f"Monter la story n° {new.number}")
    button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"La story n° {new.number} est montée d’un rang.")).to_be_visible()
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows.nth(1)).to_contain_text("Relancer un dossier incomplet")
