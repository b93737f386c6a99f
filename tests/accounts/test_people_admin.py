"""Administrators run people and accounts from Équipage's pages: a person, their account, the invitation
e-mail with its single-use expiring link, deactivation — each change kept with its author."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse

from equipage.accounts import invitations
from equipage.accounts.models import PersonalToken, User
from equipage.people.models import Person
from tests.factories import OrganisationFactory, PersonFactory, UserFactory, personal_token

pytestmark = pytest.mark.django_db

STRONG = "Cerf-volant-42-Rivière"


def person_data(**overrides) -> dict:
    data = {
        "first_name": "Inès",
        "last_name": "Marchand",
        "email": "Ines.Marchand@Ministere.example",
        "organisation": OrganisationFactory().pk,
        "job_title": "Cheffe de bureau",
        "create_account": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def invitation_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/invitation/\S+/)", message.body).group(1)


def test_an_administrator_adds_a_person_with_an_account_and_the_invitation_leaves_in_french(admin_client, admin_user):
    response = admin_client.post(reverse("accounts:person_create"), person_data())
    person = Person.objects.get()
    assert response.status_code == 302 and response.url == reverse("teams:person_detail", args=[person.pk])
    assert person.email == "ines.marchand@ministere.example"
    account = person.user
    assert (account.email, account.first_name, account.is_active) == (person.email, "Inès", True)
    assert not account.has_usable_password() and not account.is_portfolio_admin
    assert person.history.first().history_user == admin_user
    assert account.history.first().history_user == admin_user
    (message,) = mail.outbox
    assert message.to == [person.email]
    assert message.subject == "Votre compte sur Équipage : choisissez votre mot de passe"
    assert "Bonjour Inès" in message.body and "7 jours" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'lang="fr"' in html and invitation_link(message) in html


def test_a_person_can_be_added_without_an_account(admin_client):
    admin_client.post(reverse("accounts:person_create"), person_data(create_account=None))
    assert Person.objects.get().user is None
    assert not User.objects.filter(email="ines.marchand@ministere.example").exists() and not mail.outbox


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"first_name": "  "}, "first_name", "Indiquez le prénom de la personne."),
        ({"email": "ines.marchand"}, "email", "Saisissez une adresse électronique valide"),
        ({"email": "DEJA@ministere.example"}, "email", "déjà celle d’une autre personne ou d’un autre compte"),
    ],
)
def test_bad_input_is_refused_in_french_and_writes_nothing(admin_client, overrides, field, message):
    PersonFactory(email="deja@ministere.example")
    people, accounts = Person.objects.count(), User.objects.count()
    response = admin_client.post(reverse("accounts:person_create"), person_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 200 and 'id="error-summary"' in html and f'href="#id_{field}"' in html
    assert message in html and "<title>Erreur : " in html
    assert (Person.objects.count(), User.objects.count(), len(mail.outbox)) == (people, accounts, 0)


def test_an_address_already_used_by_an_account_without_a_person_is_refused(admin_client):
    UserFactory(email="ines.marchand@ministere.example")
    response = admin_client.post(reverse("accounts:person_create"), person_data())
    assert "déjà celle d’une autre personne" in response.content.decode()
    assert not Person.objects.exists()


def test_the_invitee_sets_a_password_under_the_cnil_rules_then_signs_in(client, admin_client):
    admin_client.post(reverse("accounts:person_create"), person_data())
    link = invitation_link(mail.outbox[0])
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Choisir votre mot de passe" in page.content.decode()
    weak = client.post(link, {"new_password1": "motdepasse", "new_password2": "motdepasse"})
    assert "trop faible" in weak.content.decode() and 'id="error-summary"' in weak.content.decode()
    assert not User.objects.get(email="ines.marchand@ministere.example").has_usable_password()
    done = client.post(link, {"new_password1": STRONG, "new_password2": STRONG})
    assert done.status_code == 302 and done.url.startswith(reverse("accounts:login"))
    credentials = {"username": "ines.marchand@ministere.example", "password": STRONG}
    signed_in = client.post(reverse("accounts:login"), credentials)
    assert signed_in.status_code == 302
    assert client.get("/").wsgi_request.user.email == "ines.marchand@ministere.example"


def test_a_used_link_gives_a_clear_french_page(client, admin_client):
    admin_client.post(reverse("accounts:person_create"), person_data())
    link = invitation_link(mail.outbox[0])
    client.logout()
    client.post(link, {"new_password1": STRONG, "new_password2": STRONG})
    again = client.get(link)
    assert again.status_code == 410
    assert "Ce lien d’invitation ne fonctionne plus" in again.content.decode()
    refused = client.post(link, {"new_password1": "Autre-mot-2026-Passe!", "new_password2": "Autre-mot-2026-Passe!"})
    assert refused.status_code == 410
    assert User.objects.get(email="ines.marchand@ministere.example").check_password(STRONG)


def test_an_expired_link_gives_the_same_page(client, admin_client, monkeypatch):
    admin_client.post(reverse("accounts:person_create"), person_data())
    link = invitation_link(mail.outbox[0])
    later = datetime.datetime.now() + datetime.timedelta(days=invitations.INVITATION_DAYS, hours=1)
    monkeypatch.setattr(invitations.invitation_tokens, "_now", lambda: later)
    client.logout()
    assert client.get(link).status_code == 410
    assert client.get("/invitation/xx/yy-zz/").status_code == 410


def test_resending_the_invitation_voids_the_first_link(client, admin_client, admin_user):
    admin_client.post(reverse("accounts:person_create"), person_data())
    person = Person.objects.get()
    first = invitation_link(mail.outbox[0])
    admin_client.post(reverse("accounts:person_account", args=[person.pk]), {"action": "renvoyer"})
    second = invitation_link(mail.outbox[1])
    client.logout()
    assert client.get(first).status_code == 410 and client.get(second).status_code == 200


def test_an_administrator_creates_the_account_of_an_existing_person(admin_client):
    person = PersonFactory(first_name="Paul")
    response = admin_client.post(
        reverse("accounts:person_account", args=[person.pk]), {"action": "inviter", "is_portfolio_admin": "on"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.user.is_portfolio_admin and mail.outbox[0].to == [person.email]


def test_deactivating_an_account_refuses_sign_in_revokes_its_tokens_and_keeps_its_history(admin_client, admin_user):
    account = UserFactory()
    person = PersonFactory(user=account, email=account.email)
    personal_token(account)
    admin_client.post(reverse("accounts:person_account", args=[person.pk]), {"action": "desactiver"})
    account.refresh_from_db()
    assert not account.is_active and account.history.first().history_user == admin_user
    assert PersonalToken.objects.get().revoked_reason == "compte désactivé"
    assert "Compte désactivé" in admin_client.get(reverse("teams:person_detail", args=[person.pk])).content.decode()
    admin_client.post(reverse("accounts:person_account", args=[person.pk]), {"action": "reactiver"})
    account.refresh_from_db()
    assert account.is_active


def test_an_administrator_cannot_deactivate_their_own_account(admin_client, admin_user):
    person = PersonFactory(user=admin_user, email=admin_user.email)
    response = admin_client.post(reverse("accounts:person_account", args=[person.pk]), {"action": "desactiver"})
    assert response.status_code == 400 and "votre propre compte" in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_editing_a_person_carries_the_new_name_and_address_to_the_account(admin_client):
    account = UserFactory()
    person = PersonFactory(user=account, email=account.email)
    data = {"first_name": "Léa", "last_name": "Roux", "email": "lea.roux@ministere.example"}
    data |= {"organisation": person.organisation_id, "job_title": ""}
    assert admin_client.post(reverse("accounts:person_edit", args=[person.pk]), data).status_code == 302
    account.refresh_from_db()
    assert (account.first_name, account.last_name, account.email) == ("Léa", "Roux", "lea.roux@ministere.example")


@pytest.mark.parametrize("route", ["accounts:person_create", "accounts:person_edit", "accounts:person_account"])
def test_only_administrators_reach_the_people_pages(editor_client, route):
    person = PersonFactory()
    args = [] if route == "accounts:person_create" else [person.pk]
    assert editor_client.get(reverse(route, args=args)).status_code == 403
    assert editor_client.post(reverse(route, args=args), person_data() | {"action": "inviter"}).status_code == 403
    assert Person.objects.count() == 1 and not mail.outbox


def test_the_people_pages_are_reachable_from_the_navigation(admin_client, agent):
    person = PersonFactory()
    assert reverse("accounts:person_create") in admin_client.get(reverse("teams:person_list")).content.decode()
    sheet = admin_client.get(reverse("teams:person_detail", args=[person.pk])).content.decode()
    assert reverse("accounts:person_edit", args=[person.pk]) in sheet
    assert reverse("accounts:person_account", args=[person.pk]) in sheet
    admin_client.force_login(agent)
    assert reverse("accounts:person_create") not in admin_client.get(reverse("teams:person_list")).content.decode()
