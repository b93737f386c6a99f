"""An administrator opens a campaign from the portfolio menu; its page, the campaign list and the portfolio's
trends pass axe-core and reflow at 320 px; a refused campaign says why in French."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from equipage.checks import store
from equipage.trends.snapshots import State, previous_states, write_day
from tests.browser.conftest import assert_accessible, login
from tests.campaigns.conftest import CODE, fail
from tests.factories import TEST_PASSWORD, AdminFactory, OrganisationFactory, PersonFactory, ProductFactory


@pytest.mark.browser
def test_an_administrator_opens_a_campaign_and_follows_it(page: Page, live_server):
    admin = AdminFactory()
    north = OrganisationFactory(name="Direction du Nord")
    products = [ProductFactory(name=name, sponsor=north) for name in ("Alpha", "Bêta", "Gamma")]
    store.refresh_all()
    owner = PersonFactory(first_name="Olga", last_name="Responsable")
    fail(products[0], owner)
    today = timezone.localdate()
    for weeks in range(8, 0, -1):
        day = today - datetime.timedelta(weeks=weeks)
        failing = weeks > 4
        states = {
            p.pk: State(level_rank=1, watch=int(failing), codes=frozenset({CODE} if failing else ())) for p in products
        }
        write_day(day, states, previous_states(day))

    login(page, live_server, admin.email, TEST_PASSWORD)
    navigation = page.get_by_role("navigation", name="Menu principal")
    navigation.get_by_role("button", name="Portefeuille").click()
    navigation.get_by_role("link", name="Tendances").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Portefeuille : tendances")
    assert_accessible(page)

    navigation = page.get_by_role("navigation", name="Menu principal")
    navigation.get_by_role("button", name="Portefeuille").click()
    navigation.get_by_role("link", name="Campagnes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Campagnes")
    assert_accessible(page)

    page.get_by_role("link", name="Ouvrir une campagne").click()
    page.get_by_label("Intitulé").fill("Surcharge résorbée")
    page.get_by_label("Cible (%)").fill("150")
    page.get_by_role("button", name="Ouvrir la campagne").click()
    expect(page.get_by_text("Choisissez au moins une règle")).to_have_count(2)  # the summary and the field
    expect(page.get_by_text("entre 1 et 100 %").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Membre engagé à plus de 100 %", exact=True).check(force=True)
    page.get_by_label("Direction du Nord").check(force=True)
    page.get_by_label("Cible (%)").fill("90")
    page.locator("#id_deadline").fill((today + datetime.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="Ouvrir la campagne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Campagne « Surcharge résorbée »")
    expect(page.get_by_role("row", name="Alpha")).to_contain_text("Olga Responsable")
    expect(page.get_by_text("2 produits sur 3 respectent")).to_be_visible()
    assert_accessible(page)
