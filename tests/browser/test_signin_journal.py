"""A failed sign-in, then the administrator reads it in the sign-in journal (axe-core on each page)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import TEST_PASSWORD, AdminFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_failed_sign_in_shows_in_the_administrators_journal(page: Page, live_server):
    admin = AdminFactory(first_name="Ada")
    page.goto(f"{live_server.url}/connexion/")
    page.get_by_label("Adresse électronique").fill("intrus@ministere.example")
    page.get_by_label("Mot de passe", exact=True).fill("pas-le-bon-mot-de-passe")
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(
        page.locator("#id_password-desc-error").get_by_text("Adresse électronique ou mot de passe incorrect")
    ).to_be_visible()
    assert_accessible(page)

    login(page, live_server, admin.email, TEST_PASSWORD)
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Connexions").click()
    expect(page).to_have_url(re.compile(r"/journal-des-connexions/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Journal des connexions")
    expect(page.get_by_role("cell", name="intrus@ministere.example")).to_be_visible()
    assert_accessible(page)
