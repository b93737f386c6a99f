"""Steering with levels, in Chromium: an editor asks to accept a finding, the coach accepts it and the
product's level rises; once the end date has passed, the daily recompute brings the finding back and the
level falls. Every new page passes axe-core and reflows at 320 px."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from equipage.checks.store import refresh_all
from equipage.core.french import date as date_fr
from equipage.registry.models import Governance
from equipage.teams.roles import Role
from tests.browser.conftest import assert_accessible, login
from tests.factories import TEST_PASSWORD, MembershipFactory, PersonFactory, ProductFactory, UserFactory, person_for


@pytest.mark.browser
def test_a_deviation_accepted_lifts_the_level_and_its_expiry_brings_it_down(page: Page, live_server):
    editor = UserFactory(first_name="Éric", last_name="Éditeur")
    coach = UserFactory(first_name="Camille", last_name="Coach")
    product = ProductFactory(name="Suivi partagé", slug="suivi-partage", governance=Governance.SHARED, editors=[editor])
    MembershipFactory(
        product=product,
        role=Role.POLICY_OWNER,
        time_share=50,  # below the 60 % of the model: a socle finding
        person=PersonFactory(first_name="Marc", last_name="Métier", trained_in_product_methods=True),
    )
    MembershipFactory(product=product, role=Role.PRODUCT_COACH, person=person_for(coach), time_share=10)
    today = datetime.date.today()
    end = today + datetime.timedelta(days=60)

    login(page, live_server, editor.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/produits/suivi-partage/")
    vigilance = page.locator("#vigilance")
    expect(vigilance).to_contain_text("Niveau atteint : Non atteint")
    expect(vigilance).to_contain_text("Pour atteindre le niveau « Socle »")
    expect(vigilance).to_contain_text("Responsable : Marc Métier")
    assert_accessible(page)

    # The editor asks to accept the responsable métier's time share.
    page.get_by_role("link", name="Dérogations", exact=True).first.click()
    expect(page.get_by_role("heading", name="Dérogations", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Demander une dérogation").click()
    assert_accessible(page)
    page.get_by_label("Point de vigilance à accepter").select_option(
        label="Responsable métier à moins de 60 % (bloquant)"
    )
    page.get_by_role("textbox", name=re.compile(r"Justification")).fill(
        "Le responsable métier passe à 60 % au prochain trimestre."
    )
    page.get_by_role("textbox", name=re.compile(r"Date de fin")).fill(end.isoformat())
    page.get_by_role("button", name="Demander la dérogation").click()
    expect(page.get_by_text("est demandée")).to_be_visible()
    expect(page.get_by_role("row", name="Responsable métier à moins de 60 %")).to_contain_text("Demandée")

    # The coach accepts it.
    page.context.clear_cookies()
    login(page, live_server, coach.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/produits/suivi-partage/derogations/")
    page.get_by_role("link", name="Décider de la dérogation « Responsable métier à moins de 60 % »").click()
    assert_accessible(page)
    page.locator("label[for=id_decision_0]").click()  # DSFR draws the radio on its label
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("La dérogation est acceptée.")).to_be_visible()
    page.get_by_role("link", name="Révoquer la dérogation « Responsable métier à moins de 60 % »").click()
    assert_accessible(page)  # the revocation form, left without submitting

    page.goto(f"{live_server.url}/produits/suivi-partage/")
    vigilance = page.locator("#vigilance")
    expect(vigilance).not_to_contain_text("Non atteint")
    expect(vigilance).to_contain_text(f"Dérogation acceptée jusqu’au {date_fr(end)}")

    # The portfolio pages.
    page.goto(f"{live_server.url}/portefeuille/derogations/?statut=acceptee")
    expect(page.get_by_role("row", name="Suivi partagé")).to_contain_text("Acceptée")
    assert_accessible(page)
    page.goto(f"{live_server.url}/portefeuille/?grouper=coach")
    expect(page.get_by_role("row", name="Camille Coach")).to_be_visible()
    assert_accessible(page)

    # The end date passes: the daily recompute, run for the day after, brings the finding back.
    refresh_all(end + datetime.timedelta(days=1))
    page.goto(f"{live_server.url}/produits/suivi-partage/")
    expect(page.locator("#vigilance")).to_contain_text("Niveau atteint : Non atteint")
    expect(page.locator("#vigilance")).not_to_contain_text("Dérogation acceptée")
