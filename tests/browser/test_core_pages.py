"""Layout, public pages and form errors as a keyboard or screen reader user meets them."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import TEST_PASSWORD, AdminFactory, OrganisationFactory, UserFactory


@pytest.mark.browser
def test_public_pages_have_the_mandatory_footer_links_and_one_sign_in_link(page: Page, live_server):
    for path, heading in [
        ("/mentions-legales/", "Mentions légales"),
        ("/donnees-personnelles/", "Données personnelles et cookies"),
        ("/accessibilite/", "Déclaration d’accessibilité"),
        ("/documentation-api/", "Documentation de l’API"),
        ("/api/v1/docs/", "Documentation interactive de l’API"),
        ("/statistiques/", None),
    ]:
        page.goto(f"{live_server.url}{path}")
        if heading:
            expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        if path == "/api/v1/docs/":  # Swagger UI draws the routes after the page has loaded
            expect(page.locator("#swagger-ui .opblock").first).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.get_by_role("main")).to_have_count(1)
        footer = page.get_by_role("contentinfo")
        for name in ("Accessibilité : non conforme", "Mentions légales", "Données personnelles et cookies"):
            expect(footer.get_by_role("link", name=name)).to_be_visible()
        expect(page.get_by_role("link", name="Se connecter", exact=True)).to_have_count(1)
        assert_accessible(page)


@pytest.mark.browser
def test_wrong_password_is_tied_to_the_field_and_the_error_summary_takes_the_focus(page: Page, live_server):
    user = UserFactory()
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill(user.email)
    page.get_by_label("Mot de passe", exact=True).fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter", exact=True).click()

    expect(page).to_have_title(re.compile(r"^Erreur : "))
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    password = page.get_by_label("Mot de passe", exact=True)
    expect(password).to_have_attribute("aria-invalid", "true")
    expect(password).to_have_accessible_description(re.compile("mot de passe incorrect"))
    summary.get_by_role("link", name=re.compile("^Mot de passe")).click()
    expect(password).to_be_focused()
    assert_accessible(page)

    login(page, live_server, user.email, TEST_PASSWORD)
    expect(page).not_to_have_title(re.compile(r"^Erreur"))


@pytest.mark.browser
def test_refused_product_form_focuses_the_summary_which_links_to_each_field(page: Page, live_server):
    admin = AdminFactory()
    OrganisationFactory()
    login(page, live_server, admin.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/produits/nouveau/")
    page.get_by_role("button", name="Créer le produit").click()

    expect(page).to_have_title(re.compile(r"^Erreur : Nouveau produit — Équipage$"))
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile(r"^Nom : "))).to_be_visible()
    summary.get_by_role("link", name=re.compile(r"^Pitch : ")).click()
    expect(page.get_by_label("Pitch")).to_be_focused()
    assert_accessible(page)
