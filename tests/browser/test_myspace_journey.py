"""Everyone's own page in Chromium: the to-do list, the header's notifications, « marquer comme lu »,
and the digest preference, with an axe-core scan of each page met."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from equipage.checks import store
from equipage.teams.roles import Role
from tests.browser.conftest import assert_accessible, login
from tests.committees.factories import ActionFactory
from tests.factories import TEST_PASSWORD, MembershipFactory, ProductFactory, UserFactory, person_for


@pytest.mark.browser
def test_my_space_lists_what_is_mine_and_the_header_counts_my_notifications(page: Page, live_server):
    user = UserFactory(first_name="Claire", last_name="Dubois")
    person = person_for(user)
    product = ProductFactory(name="Atlas", slug="atlas")  # no responsable métier: a blocking finding
    MembershipFactory(  # a role taken ten days ago: its first self-assessment is not due yet
        product=product,
        person=person,
        role=Role.PRODUCT_MANAGER,
        time_share=60,
        start_date=datetime.date.today() - datetime.timedelta(days=10),
    )
    ActionFactory(
        decision__product=product,
        owner=person,
        title="Envoyer la note au comité",
        due_date=datetime.date.today() - datetime.timedelta(days=2),
    )
    store.flush()
    login(page, live_server, user.email, TEST_PASSWORD)

    page.get_by_role("link", name="Mon espace", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    todo = page.get_by_role("table", name="Ce que j’ai à faire, du plus urgent au moins urgent")
    first_row = todo.locator("tbody tr").first
    expect(first_row).to_contain_text("Envoyer la note au comité")  # overdue comes first
    expect(first_row).to_contain_text("En retard")
    expect(page.get_by_role("table", name="Mes rôles en cours et la part de mon temps")).to_contain_text("60 %")
    assert_accessible(page)

    notifications = page.get_by_role("link", name="Notifications", exact=False).first
    expect(notifications).to_contain_text("non lue")
    notifications.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_role("table", name="Mes notifications, les non lues d’abord")).to_contain_text(
        "Envoyer la note au comité"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Tout marquer comme lu").click()
    expect(page.get_by_text("Toutes vos notifications sont marquées comme lues.")).to_be_visible()
    expect(page.get_by_role("button", name="Marquer comme lu")).to_have_count(0)
    expect(page.get_by_role("link", name="Notifications", exact=True).first).to_be_visible()

    page.goto(f"{live_server.url}/compte/")
    page.get_by_text("Jamais", exact=True).click()
    page.get_by_role("button", name="Enregistrer ma préférence").click()
    expect(page.get_by_text("Résumé par courriel : jamais.")).to_be_visible()
    expect(page.get_by_role("table", name="Historique de mes choix de résumé")).to_contain_text("Jamais")
    assert_accessible(page)
