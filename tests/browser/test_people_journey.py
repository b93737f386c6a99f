"""An administrator adds a person with an account; the invitation e-mail's link lets them choose a
password, then sign in (axe-core and the 320 px reflow on each new page)."""

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, login
from tests.factories import (
    TEST_PASSWORD,
    AdminFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ProductFactory,
    person_for,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Cerf-volant-42-Rivière"


def test_an_invited_person_chooses_a_password_then_signs_in(page: Page, live_server):
    admin = AdminFactory()
    OrganisationFactory(name="Direction du numérique", acronym="DNUM", kind="dnum")
    login(page, live_server, admin.email, TEST_PASSWORD)
    page.get_by_role("navigation", name="Menu principal").get_by_role("link", name="Personnes").click()
    page.get_by_role("link", name="Ajouter une personne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ajouter une personne")
    assert_accessible(page)

    page.get_by_role("button", name="Ajouter la personne").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("Indiquez le prénom"))).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Erreur : "))
    assert_accessible(page)

    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Nom", exact=True).fill("Marchand")
    page.get_by_label("Adresse électronique").fill("ines.marchand@ministere.example")
    page.get_by_label("Organisation").select_option(label="Direction du numérique (DNUM)")
    page.get_by_role("button", name="Ajouter la personne").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inès Marchand")
    expect(page.get_by_text("une invitation a été envoyée à ines.marchand@ministere.example")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Gérer le compte").click()
    expect(page.get_by_text("Invitation envoyée, mot de passe pas encore choisi")).to_be_visible()
    assert_accessible(page)

    (message,) = mail.outbox
    link = re.search(r"https?://\S+?(/invitation/\S+/)", message.body).group(1)
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Choisir votre mot de passe")
    assert_accessible(page)
    page.locator("#id_new_password1").fill("motdepasse")
    page.locator("#id_new_password2").fill("motdepasse")
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="Enregistrer mon mot de passe").click()
    expect(page).to_have_url(re.compile(r"/connexion/"))
    expect(page.get_by_label("Adresse électronique")).to_have_value("ines.marchand@ministere.example")
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter", exact=True).click()
    expect(page).not_to_have_url(re.compile(r"/connexion/"))

    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ce lien d’invitation ne fonctionne plus")
    assert_accessible(page)


def test_an_editor_is_warned_before_a_second_responsable_metier_and_names_the_coach(page: Page, live_server):
    admin = AdminFactory()
    product = ProductFactory(name="Atlas", slug="atlas")
    MembershipFactory(product=product, person=person_for(admin), role="responsable_produit")
    MembershipFactory(product=product, role="responsable_metier")
    second = PersonFactory(first_name="Émilie", last_name="Colin")
    coach = PersonFactory(first_name="Yann", last_name="Coach")
    login(page, live_server, admin.email, TEST_PASSWORD)
    page.goto(f"{live_server.url}/produits/atlas/equipe/")
    expect(page.get_by_role("heading", name="Pas de coach produit")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Coach produit").select_option(label=f"{coach} — {coach.organisation.short_name}")
    page.get_by_role("button", name="Nommer le coach").click()
    expect(page.get_by_text("Yann Coach est désormais coach produit d’Atlas.")).to_be_visible()

    page.get_by_role("link", name="Ajouter un membre").click()
    page.get_by_label("Personne", exact=True).select_option(label=f"{second} — {second.organisation.short_name}")
    page.get_by_label("Rôle", exact=True).select_option(label="Responsable métier")
    page.get_by_label("Part du temps de travail (%)").fill("40")
    page.get_by_role("button", name="Ajouter à l’équipe").click()
    warning = page.locator("#warning-summary")
    expect(warning).to_be_focused()
    expect(warning).to_contain_text("normalement tenu par une seule personne")
    assert_accessible(page)
    page.locator("label[for=confirmer]").click()
    page.get_by_role("button", name="Enregistrer malgré l’avertissement").click()
    expect(page.get_by_text("Émilie Colin a rejoint l’équipe comme Responsable métier.")).to_be_visible()
