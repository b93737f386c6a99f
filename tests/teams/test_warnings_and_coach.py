"""The team page warns before saving what is allowed but unusual, and names a missing coach in one step."""

import datetime

import pytest
from django.urls import reverse

from equipage.teams.models import Membership
from equipage.teams.roles import Role
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, ProductFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today().isoformat()


def add(client, product, **data):
    payload = {"role": Role.DESIGNER, "time_share": 40, "start_date": TODAY} | data
    return client.post(reverse("teams:membership_create", args=[product.slug]), payload)


def test_a_second_responsable_metier_is_a_warning_and_nothing_is_written_until_confirmed(editor_client, product):
    holder = MembershipFactory(product=product, role=Role.POLICY_OWNER, time_share=50)
    second = PersonFactory(first_name="Émilie", last_name="Colin")
    before = (Membership.objects.count(), Membership.history.count())
    response = add(editor_client, product, person=second.pk, role=Role.POLICY_OWNER)
    html = response.content.decode()
    assert response.status_code == 200 and 'id="warning-summary"' in html
    assert "normalement tenu par une seule personne" in html and str(holder.person) in html
    assert 'name="confirmer"' in html and "Enregistrer malgré l’avertissement" in html
    assert (Membership.objects.count(), Membership.history.count()) == before
    confirmed = add(editor_client, product, person=second.pk, role=Role.POLICY_OWNER, confirmer="oui")
    assert confirmed.status_code == 302
    assert Membership.objects.filter(product=product, role=Role.POLICY_OWNER).count() == 2


def test_a_total_above_100_percent_is_a_warning_naming_the_total(editor_client, product):
    busy = PersonFactory(first_name="Hugo", last_name="Petit")
    MembershipFactory(person=busy, time_share=100)
    before = Membership.history.count()
    html = add(editor_client, product, person=busy.pk, time_share=40).content.decode()
    assert "Hugo Petit aurait 140 % au total de son temps de travail" in html
    assert Membership.history.count() == before
    assert add(editor_client, product, person=busy.pk, time_share=40, confirmer="oui").status_code == 302


def test_raising_a_share_above_100_percent_on_the_edit_form_warns_too(editor_client, product):
    busy = PersonFactory()
    MembershipFactory(person=busy, time_share=70)
    membership = MembershipFactory(product=product, person=busy, time_share=20, start_date=datetime.date(2025, 1, 1))
    url = reverse("teams:membership_update", args=[product.slug, membership.pk])
    data = {"role": Role.DEVELOPER, "time_share": 50, "start_date": "2025-01-01"}
    assert "aurait 120 %" in editor_client.post(url, data).content.decode()
    membership.refresh_from_db()
    assert membership.time_share == 20
    editor_client.post(url, data | {"confirmer": "oui"})
    membership.refresh_from_db()
    assert membership.time_share == 50


def test_an_ordinary_addition_is_saved_without_a_warning(editor_client, product):
    assert add(editor_client, product, person=PersonFactory().pk).status_code == 302


def test_the_team_page_says_when_there_is_no_coach_and_names_one_in_one_step(editor_client, product, editor):
    page = editor_client.get(reverse("teams:team", args=[product.slug])).content.decode()
    assert "Pas de coach produit" in page and reverse("teams:coach_name", args=[product.slug]) in page
    coach = PersonFactory(organisation=OrganisationFactory(name="DNUM", kind="dnum"))
    response = editor_client.post(
        reverse("teams:coach_name", args=[product.slug]), {"person": coach.pk, "time_share": 20}
    )
    assert response.status_code == 302
    membership = Membership.objects.get(product=product, role=Role.PRODUCT_COACH)
    assert (membership.person, membership.time_share, membership.start_date) == (coach, 20, datetime.date.today())
    assert membership.history.get().history_user == editor
    assert "Pas de coach produit" not in editor_client.get(reverse("teams:team", args=[product.slug])).content.decode()


def test_naming_a_coach_refuses_bad_input_in_french_and_writes_nothing(editor_client, product):
    response = editor_client.post(reverse("teams:coach_name", args=[product.slug]), {"time_share": 140})
    html = response.content.decode()
    assert 'id="error-summary"' in html and "Choisissez la personne à nommer coach produit." in html
    assert "entre 0 et 100 %" in html and "<title>Erreur : " in html
    assert not Membership.objects.filter(role=Role.PRODUCT_COACH).exists()


def test_readers_see_the_missing_coach_without_the_form_and_cannot_name_one(agent_client):
    product = ProductFactory()
    page = agent_client.get(reverse("teams:team", args=[product.slug])).content.decode()
    assert "Pas de coach produit" in page and "Nommer le coach" not in page
    response = agent_client.post(
        reverse("teams:coach_name", args=[product.slug]), {"person": PersonFactory().pk, "time_share": 10}
    )
    assert response.status_code == 403 and not Membership.objects.exists()


def test_the_api_answers_the_warnings_the_form_would_have_asked_to_confirm(editor, product):
    from rest_framework.test import APIClient

    from tests.factories import personal_token

    api = APIClient(HTTP_AUTHORIZATION=f"Token {personal_token(editor)}")
    holder = MembershipFactory(product=product, role=Role.POLICY_OWNER, time_share=50)
    busy = PersonFactory(first_name="Hugo", last_name="Petit")
    MembershipFactory(person=busy, time_share=100)
    body = {
        "product": product.slug,
        "person": busy.pk,
        "role": Role.POLICY_OWNER,
        "time_share": 40,
        "start_date": TODAY,
    }
    created = api.post("/api/v1/memberships/", body, format="json")
    assert created.status_code == 201
    warnings = created.json()["warnings"]
    assert len(warnings) == 2
    assert "normalement tenu par une seule personne" in warnings[0] and str(holder.person) in warnings[0]
    assert "Hugo Petit aurait 140 % au total" in warnings[1]
    raised = api.patch(f"/api/v1/memberships/{created.json()['id']}/", {"time_share": 60}, format="json")
    assert raised.status_code == 200 and "aurait 160 %" in raised.json()["warnings"][1]
    ordinary = body | {"person": PersonFactory().pk, "role": Role.DESIGNER, "time_share": 30}
    assert api.post("/api/v1/memberships/", ordinary, format="json").json()["warnings"] == []
    assert api.get(f"/api/v1/memberships/{created.json()['id']}/").json()["warnings"] == []
