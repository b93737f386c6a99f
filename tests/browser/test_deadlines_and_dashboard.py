"""The dashboard's portfolio health, `/echeances/` and the product side menu, as a keyboard and screen reader user
meets them: axe-core finds no serious violation, each page reflows at 320 px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from equipage.checks import store
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.browser.conftest import assert_accessible, login
from tests.committees.factories import ActionFactory, DecisionFactory
from tests.compliance.factories import HomologationFactory
from tests.factories import TEST_PASSWORD, MembershipFactory, ProductFactory, UserFactory, person_for


def _portfolio(user):
    today = timezone.localdate()
    me = person_for(user)
    product = ProductFactory(name="Atlas", governance=Governance.DNUM_OWNED, fully_staffed=True)
    MembershipFactory(product=product, person=me, role=Role.PRODUCT_OWNER, time_share=80)
    MembershipFactory(product=ProductFactory(name="Boussole"), person=me, role=Role.DEVELOPER, time_share=40)
    HomologationFactory(
        product=product, decision_date=today - datetime.timedelta(days=700), valid_until=today + datetime.timedelta(30)
    )
    ActionFactory(
        decision=DecisionFactory(product=product),
        owner=me,
        title="Envoyer le dossier d’homologation",
        due_date=today - datetime.timedelta(days=2),
    )
    store.flush()
    return product


@pytest.mark.browser
def test_dashboard_and_deadlines_are_accessible_and_lead_to_each_other(page: Page, live_server):
    user = UserFactory()
    product = _portfolio(user)
    login(page, live_server, user.email, TEST_PASSWORD)

    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Santé du portefeuille")).to_be_visible()
    expect(page.get_by_role("heading", name="Personnes à plus de 100 %")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="1 en retard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Échéances")
    expect(page.get_by_label("Période")).to_have_value("en_retard")
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name="Envoyer le dossier d’homologation")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Période").select_option("")
    page.get_by_label("Type").select_option(label="Homologation de sécurité")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.get_by_role("table").get_by_role("link", name=product.name)).to_have_count(1)
    expect(page.get_by_text("Envoyer le dossier d’homologation")).to_have_count(0)

    page.get_by_role("link", name="S’abonner à mes échéances").click()
    page.get_by_role("button", name="Créer mon adresse d’agenda").click()
    address = page.locator("#calendar-url").inner_text()
    assert "/echeances/agenda/cal_" in address
    assert_accessible(page)
    feed = page.request.get(address)
    assert feed.ok and "Envoyer le dossier d’homologation" in feed.text()


@pytest.mark.browser
def test_the_product_side_menu_marks_the_page_and_collapses_behind_its_button_at_320_px(page: Page, live_server):
    user = UserFactory()
    product = _portfolio(user)
    login(page, live_server, user.email, TEST_PASSWORD)

    page.goto(f"{live_server.url}/produits/{product.slug}/responsabilites/")
    menu = page.get_by_role("navigation", name="Rubriques du produit")
    expect(menu.get_by_role("link", name="Responsabilités")).to_have_attribute("aria-current", "page")
    menu.get_by_role("link", name="Équipe").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/produits/{product.slug}/equipe/")

    page.set_viewport_size({"width": 320, "height": 800})
    button = page.get_by_role("button", name="Rubriques du produit : Équipe")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu.get_by_role("link", name="Fiche")).to_be_hidden()
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Fiche")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)
