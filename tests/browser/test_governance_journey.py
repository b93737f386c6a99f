"""The operating model at work, in Chromium: a vigilance finding appears, is understood, and is fixed."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.browser.conftest import assert_accessible, login
from tests.factories import TEST_PASSWORD, MembershipFactory, PersonFactory, ProductFactory, UserFactory, person_for


@pytest.mark.browser
def test_part_time_policy_owner_is_flagged_then_cleared_when_their_time_share_rises(page: Page, live_server):
    lead = UserFactory(first_name="Paule", last_name="Pilote")
    product = ProductFactory(name="Guichet unique", slug="guichet-unique", governance=Governance.DNUM_PM)
    MembershipFactory(product=product, person=person_for(lead), role=Role.PRODUCT_OWNER, time_share=50)
    policy_owner = MembershipFactory(
        product=product,
        role=Role.POLICY_OWNER,
        time_share=40,
        person=PersonFactory(first_name="Marc", last_name="Métier", trained_in_product_methods=True),
        start_date=datetime.date(2025, 1, 1),
    )
    MembershipFactory(product=product, role=Role.PRODUCT_COACH, time_share=10)

    login(page, live_server, lead.email, TEST_PASSWORD)

    # The lead switches the product to « le métier est PM ».
    page.goto(f"{live_server.url}/produits/guichet-unique/modifier/")
    page.get_by_label("Configuration de gouvernance").select_option(label="Le métier est PM")
    page.get_by_role("button", name="Enregistrer les modifications").click()
    vigilance = page.locator("#vigilance")
    expect(vigilance).to_contain_text("Marc Métier consacre 40 %")
    expect(vigilance).to_contain_text("Bloquant")
    assert_accessible(page)

    # The portfolio shows it too.
    navigation = page.get_by_role("navigation", name="Menu principal")
    navigation.get_by_role("button", name="Portefeuille").click()
    navigation.get_by_role("link", name="Points de vigilance").click()
    row = page.get_by_role("row", name="Guichet unique")
    expect(row).to_be_visible()
    expect(row.get_by_role("cell").nth(0)).to_have_text("1")  # one blocking finding
    assert_accessible(page)

    # The team page: raise the time share to 60 %.
    page.goto(f"{live_server.url}/produits/guichet-unique/equipe/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Modifier le rôle de {policy_owner.person}").click()
    assert_accessible(page)
    page.get_by_label("Part du temps de travail (%)").fill("60")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Le rôle a été mis à jour.")).to_be_visible()

    page.goto(f"{live_server.url}/produits/guichet-unique/")
    expect(page.locator("#vigilance")).not_to_contain_text("Marc Métier consacre")
    page.goto(f"{live_server.url}/portefeuille/?tri=nom")
    row = page.get_by_role("row", name="Guichet unique")
    expect(row.get_by_role("cell").nth(0)).to_have_text("0")


@pytest.mark.browser
def test_people_guide_and_governance_pages_pass_the_accessibility_scan(page: Page, live_server):
    lead = UserFactory()
    product = ProductFactory(name="Observatoire", slug="observatoire", governance=Governance.SHARED)
    MembershipFactory(product=product, person=person_for(lead), role=Role.PRODUCT_OWNER, time_share=50)
    MembershipFactory(product=product, role=Role.POLICY_OWNER, time_share=70)
    login(page, live_server, lead.email, TEST_PASSWORD)
    for path in [
        "/personnes/",
        f"/personnes/{person_for(lead).pk}/",
        f"/personnes/{person_for(lead).pk}/modifier/",
        "/guide/roles/",
        "/guide/roles/responsable-metier/",
        "/produits/observatoire/equipe/ajouter/",
        "/produits/observatoire/responsabilites/",
        "/produits/observatoire/rituels/",
        "/produits/observatoire/autodiagnostic/",
        "/produits/?vigilance=bloquant",
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
