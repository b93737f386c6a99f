"""Delivery in Chromium: a story written with criteria, moved with the keyboard; every page passes axe-core."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from equipage.delivery.models import Story
from equipage.teams.roles import Role
from tests.browser.conftest import assert_accessible, login
from tests.delivery.factories import (
    FeedbackFactory,
    ReleaseFactory,
    ResearchActivityFactory,
    RoadmapItemFactory,
    StoryFactory,
)
from tests.factories import TEST_PASSWORD, MembershipFactory, ProductFactory, UserFactory, person_for
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


@pytest.mark.browser
def test_a_story_goes_through_the_recette_a_failed_case_opens_a_bug_and_the_policy_owner_signs_off(
    page: Page, live_server
):
    lead = UserFactory(first_name="Lina", last_name="Lead")
    owner = UserFactory(first_name="Rose", last_name="Métier")
    product = ProductFactory(name="Guichet", slug="guichet", editors=[lead])
    MembershipFactory(product=product, person=person_for(owner), role=Role.POLICY_OWNER)
    release = ReleaseFactory(product=product, name="2.0", planned_date=datetime.date(2026, 1, 5))
    login(page, live_server, lead.email, TEST_PASSWORD)

    # Write a story with criteria, planned in release 2.0.
    page.goto(f"{live_server.url}/produits/guichet/backlog/nouvelle/")
    page.get_by_label("Titre").fill("Relancer un dossier incomplet")
    page.get_by_label("Statut").select_option(label="Prête")
    page.get_by_label("Critères d’acceptation").fill("Le bouton Relancer envoie un courriel")
    page.get_by_label("Version").select_option(label="Version 2.0")
    page.get_by_role("button", name="Enregistrer la story").click()
    expect(page.get_by_role("link", name="Version 2.0")).to_be_visible()

    # The release goes into production before its recette is validated: it shows.
    page.get_by_role("link", name="Version 2.0").click()
    page.get_by_role("link", name="Modifier la version").click()
    assert_accessible(page)
    page.get_by_label("Mise en production le").fill("2026-01-06")
    page.get_by_role("button", name="Enregistrer la version").click()
    page.goto(f"{live_server.url}/produits/guichet/recette/")
    expect(page.get_by_text("En production sans recette validée")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{live_server.url}/produits/guichet/")
    expect(page.locator("#vigilance")).to_contain_text("La Version 2.0 est en production depuis le 6 janvier 2026")
    page.goto(f"{live_server.url}/produits/guichet/recette/")
    page.get_by_role("link", name="Version 2.0").click()
    page.get_by_role("button", name="Ouvrir la recette").click()
    expect(page.get_by_role("row", name="Le bouton Relancer envoie un courriel")).to_be_visible()
    assert_accessible(page)

    # Run it: it fails, a bug story is opened.
    case = "Le bouton Relancer envoie un courriel"
    page.get_by_label(f"Résultat de « {case} »").select_option(label="Bloquant")
    page.get_by_label(f"Commentaire sur « {case} »").fill("Erreur 500")
    page.get_by_role("button", name=f"Enregistrer le résultat de « {case} »").click()
    expect(page.get_by_text("1 cas bloquant ouvert")).to_be_visible()
    page.get_by_role("button", name=f"Ouvrir une anomalie pour « {case} »").click()
    bug = Story.objects.get(title__startswith="Anomalie")
    page.get_by_role("link", name=f"story n° {bug.number}").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anomalie : Le bouton Relancer")
    assert_accessible(page)
    page.go_back()

    # Fixed: the case passes.
    page.get_by_label(f"Résultat de « {case} »").select_option(label="Conforme")
    page.get_by_role("button", name=f"Enregistrer le résultat de « {case} »").click()
    expect(page.get_by_text("Recette en cours")).to_be_visible()

    # The responsable métier signs off.
    page.context.clear_cookies()
    login(page, live_server, owner.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/produits/guichet/recette/versions/{release.pk}/")
    page.get_by_role("button", name="Valider la recette").click()
    expect(page.get_by_text("Recette validée le")).to_be_visible()
    page.goto(f"{live_server.url}/produits/guichet/recette/")
    expect(page.get_by_text("En production sans recette validée")).to_have_count(0)
    page.goto(f"{live_server.url}/produits/guichet/")
    expect(page.locator("#vigilance")).not_to_contain_text("Version 2.0")
    page.goto(f"{live_server.url}/produits/guichet/recette/")
    page.get_by_role("link", name="Nouvelle démo").click()
    assert_accessible(page)


@pytest.mark.browser
def test_research_and_feedback_pages_are_accessible_and_feedback_is_triaged(page: Page, live_server):
    lead = UserFactory(first_name="Lina", last_name="Lead")
    product = ProductFactory(name="Guichet", slug="guichet", editors=[lead])
    story = StoryFactory(product=product, title="Relancer")
    ResearchActivityFactory(product=product, title="Entretiens agents")
    FeedbackFactory(product=product, verbatim="Impossible de joindre une pièce")
    login(page, live_server, lead.email, TEST_PASSWORD)

    page.goto(f"{live_server.url}/produits/guichet/recherche/")
    assert_accessible(page)
    page.get_by_role("link", name="Entretiens agents").click()
    page.get_by_label("Enseignement").fill("Les agents scannent les pièces")
    page.get_by_label("Stories liées").fill(str(story.number))
    page.get_by_role("button", name="Ajouter l’enseignement").click()
    expect(page.get_by_role("link", name=f"n° {story.number} Relancer")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Recherche utilisateur de Guichet").click()
    page.get_by_role("link", name="Nouvelle activité").click()
    assert_accessible(page)

    page.goto(f"{live_server.url}/produits/guichet/retours/")
    assert_accessible(page)
    page.get_by_label("Lier aux stories n°").fill(str(story.number))
    page.get_by_role("button", name="Enregistrer le tri").click()
    expect(page.get_by_text("Aucun retour à trier.")).to_be_visible()
    page.get_by_role("link", name="Nouveau retour").click()
    assert_accessible(page)
    page.goto(f"{live_server.url}/produits/guichet/retours/import/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/produits/guichet/backlog/import/")
    page.get_by_label("Fichier CSV").set_input_files(
        files=[{"name": "jira.csv", "mimeType": "text/csv", "buffer": b"Summary,Status\nExporter le mois,Peut-etre\n"}]
    )
    page.get_by_role("button", name="Importer").click()
    expect(page.get_by_text("Statut inconnu « Peut-etre ».")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Livraison").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portefeuille : livraison")
    assert_accessible(page)

    # Without an account, the public page shows the published roadmap.
    product.is_public_service = True
    product.save()
    RoadmapItemFactory(product=product, title="Paiement en ligne", is_published=True)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/produits/guichet/statistiques/")
    expect(page.get_by_role("table", name="Feuille de route publiée de Guichet")).to_contain_text("Paiement en ligne")
    assert_accessible(page)
