"""Rituals held, committees and decisions, in Chromium, with an axe-core scan of every page met."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from equipage.governance.models import Cadence, Ritual, RitualKind
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.browser.conftest import assert_accessible, login
from tests.factories import TEST_PASSWORD, MembershipFactory, PersonFactory, ProductFactory, UserFactory, person_for


@pytest.mark.browser
def test_a_late_alignment_ritual_is_flagged_until_a_meeting_is_recorded(page: Page, live_server):
    lead = UserFactory(first_name="Paule", last_name="Pilote")
    product = ProductFactory(name="Guichet partagé", slug="guichet-partage", governance=Governance.SHARED)
    MembershipFactory(product=product, person=person_for(lead), role=Role.PRODUCT_OWNER, time_share=50)
    MembershipFactory(
        product=product, role=Role.POLICY_OWNER, person=PersonFactory(first_name="Marc", last_name="Métier")
    )
    Ritual.objects.create(
        product=product,
        name="Point d’alignement",
        kind=RitualKind.ALIGNMENT,
        cadence=Cadence.MONTHLY,
        start_date=datetime.date.today() - datetime.timedelta(days=200),
    )
    login(page, live_server, lead.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/produits/guichet-partage/")
    expect(page.locator("#vigilance")).to_contain_text("n’est pas tenu à sa cadence")

    page.goto(f"{live_server.url}/produits/guichet-partage/rituels/")
    expect(page.get_by_role("row", name="Point d’alignement")).to_contain_text("En retard")
    page.get_by_role("link", name="Point d’alignement", exact=True).click()
    expect(page.get_by_role("heading", name="Rituel en retard")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Consigner une réunion").click()
    assert_accessible(page)
    page.get_by_label("Date").fill(datetime.date.today().isoformat())
    page.locator("label", has_text="Marc Métier").click()
    page.get_by_label("Notes").fill("Arbitrage du périmètre.")
    page.get_by_role("button", name="Consigner la réunion").click()
    expect(page.get_by_text("a été consignée")).to_be_visible()
    expect(page.get_by_role("row", name="Marc Métier")).to_contain_text("Arbitrage du périmètre.")

    page.goto(f"{live_server.url}/produits/guichet-partage/")
    expect(page.locator("#vigilance")).not_to_contain_text("n’est pas tenu à sa cadence")
