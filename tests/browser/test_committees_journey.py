"""Rituals held, committees and decisions, in Chromium, with an axe-core scan of every page met."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from equipage.committees.kinds import install_default_kinds
from equipage.committees.models import CommitteeKind
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


@pytest.mark.browser
def test_hold_a_session_record_a_decision_with_an_action_and_see_it_overdue(page: Page, live_server):
    install_default_kinds(CommitteeKind)
    lead = UserFactory(first_name="Paule", last_name="Pilote")
    product = ProductFactory(name="Guichet unique", slug="guichet-unique")
    MembershipFactory(product=product, person=person_for(lead), role=Role.PRODUCT_OWNER, time_share=50)
    owner = MembershipFactory(
        product=product, role=Role.DEVELOPER, person=PersonFactory(first_name="Léo", last_name="Porteur")
    ).person
    login(page, live_server, lead.email, TEST_PASSWORD)

    # Hold a steering committee from the product's committees tab.
    page.goto(f"{live_server.url}/produits/guichet-unique/")
    page.get_by_role("navigation", name="Rubriques du produit").get_by_role("link", name="Comités").click()
    assert_accessible(page)
    page.get_by_role("link", name="Nouvelle séance").click()
    assert_accessible(page)
    page.get_by_label("Type de comité").select_option(label="Comité de pilotage")
    page.get_by_label("Date", exact=True).fill(datetime.date.today().isoformat())
    page.get_by_label("Intitulé").fill("COPIL de rentrée")
    page.locator("label", has_text="Séance tenue").click()
    page.get_by_role("group", name="Point 1 de l’ordre du jour").get_by_label("Sujet").fill("Ouverture nationale")
    participant = page.get_by_role("group", name="Participant 1")
    participant.get_by_label("Personne").select_option(label=f"PORTEUR Léo ({owner.organisation.acronym})")
    participant.get_by_label("Rôle en séance").fill("Développeur")
    page.get_by_role("button", name="Enregistrer la séance").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("COPIL de rentrée")
    expect(page.get_by_text("son dossier est figé (édition 1)")).to_be_visible()
    assert_accessible(page)
    session_url = page.url
    page.get_by_role("link", name="version à imprimer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dossier de comité — COPIL de rentrée")
    assert_accessible(page)
    page.goto(session_url)

    # Record the decision it took, with an action due yesterday.
    page.get_by_role("link", name="Consigner une décision").click()
    assert_accessible(page)
    page.locator("#id_title").fill("Ouvrir le service à tout le territoire")
    page.locator("#id_decided_by").fill("Comité de pilotage")
    action = page.get_by_role("group", name="Action 1")
    action.get_by_label("Action").fill("Prévenir les agences")
    action.get_by_label("Responsable").select_option(label=f"PORTEUR Léo ({owner.organisation.acronym})")
    action.get_by_label("Échéance").fill((datetime.date.today() - datetime.timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Enregistrer la décision").click()
    expect(page.get_by_text("a été consignée")).to_be_visible()
    assert_accessible(page)

    # The sheet shows the overdue action, and the vigilance finding.
    page.get_by_role("navigation", name="Rubriques du produit").get_by_role("link", name="Fiche").click()
    expect(page.locator("#vigilance")).to_contain_text("Prévenir les agences")

    # The portfolio pages.
    for path, shown in [
        ("/comites/", "COPIL de rentrée"),
        ("/decisions/?actions=en_retard", "Prévenir les agences"),
        ("/produits/guichet-unique/decisions/", "Prévenir les agences"),
        (f"/personnes/{owner.pk}/", "Prévenir les agences"),
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main")).to_contain_text(shown)
        assert_accessible(page)


@pytest.mark.browser
def test_budget_pages_pass_the_accessibility_scan(page: Page, live_server):
    from decimal import Decimal

    from equipage.budget.models import BudgetLine, BudgetYear, SpendingEntry

    lead = UserFactory()
    product = ProductFactory(name="Budget ouvert", slug="budget-ouvert", is_public_service=True)
    MembershipFactory(product=product, person=person_for(lead), role=Role.PRODUCT_OWNER, time_share=50)
    budget_year = BudgetYear.objects.create(product=product, year=datetime.date.today().year, is_published=True)
    line = BudgetLine.objects.create(budget_year=budget_year, label="Hébergement", planned=Decimal("1000"))
    SpendingEntry.objects.create(line=line, month=1, amount=Decimal("1200"))
    page.goto(f"{live_server.url}/produits/budget-ouvert/budget/public/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Budget de Budget ouvert")
    assert_accessible(page)
    login(page, live_server, lead.email, TEST_PASSWORD)
    for path in [
        "/produits/budget-ouvert/budget/",
        "/produits/budget-ouvert/budget/lignes/nouvelle/",
        f"/produits/budget-ouvert/budget/lignes/{line.pk}/depenses/",
        "/produits/budget-ouvert/budget/import/",
        "/portefeuille/budget/",
    ]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
    overruns = page.get_by_role("table", name="Produits en dépassement")
    expect(overruns.get_by_role("row", name="Budget ouvert")).to_contain_text("200 €")
