import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from equipage.accounts.models import PersonalToken
from tests.factories import TEST_PASSWORD, UserFactory, personal_token

pytestmark = pytest.mark.django_db


def test_agent_signs_in_with_email_and_password(client):
    user = UserFactory(email="claire@ministere.example")
    response = client.post("/connexion/", {"username": "Claire@Ministere.example", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.url == "/"
    assert client.session["_auth_user_id"] == str(user.pk)


def test_wrong_password_gets_a_french_error(client):
    UserFactory(email="claire@ministere.example")
    response = client.post("/connexion/", {"username": "claire@ministere.example", "password": "faux"})
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_deactivated_account_cannot_sign_in(client):
    UserFactory(email="parti@ministere.example", is_active=False)
    client.post("/connexion/", {"username": "parti@ministere.example", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_sign_in_returns_to_the_requested_page(client, product):
    UserFactory(email="claire@ministere.example")
    response = client.get(product.get_absolute_url())
    assert response.url == f"/connexion/?next={product.get_absolute_url()}"
    response = client.post(
        "/connexion/",
        {"username": "claire@ministere.example", "password": TEST_PASSWORD, "next": product.get_absolute_url()},
    )
    assert response.url == product.get_absolute_url()


def test_there_is_no_self_signup(client):
    assert "S’enregistrer" not in client.get("/connexion/").content.decode()
    assert client.get("/inscription/").status_code in (302, 404)


def test_sign_out_is_a_post(agent_client):
    assert agent_client.get("/deconnexion/").status_code == 405
    response = agent_client.post("/deconnexion/")
    assert response.url == "/connexion/"
    assert "_auth_user_id" not in agent_client.session


def test_password_change_checks_the_old_password_and_the_rules(agent_client, agent):
    response = agent_client.post(
        "/compte/mot-de-passe/",
        {"old_password": "faux", "new_password1": "court", "new_password2": "court"},
    )
    html = response.content.decode()
    assert "Votre ancien mot de passe est incorrect" in html
    agent.refresh_from_db()
    assert agent.check_password(TEST_PASSWORD)
    new = "une-phrase-de-passe-solide-2026"
    response = agent_client.post(
        "/compte/mot-de-passe/", {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.check_password(new)


def test_api_token_is_shown_once_stored_hashed_listed_and_revocable(agent_client, agent):
    agent_client.post("/compte/jeton/", {"name": "Export nocturne", "days": 30})
    token = PersonalToken.objects.get(user=agent)
    page = agent_client.get("/compte/").content.decode()
    secret = re.search(r'<code id="api-token">([^<]+)</code>', page).group(1)
    assert secret.startswith(token.prefix) and token.key_hash != secret and secret not in token.key_hash
    assert secret not in agent_client.get("/compte/").content.decode()  # shown once
    assert "Export nocturne" in agent_client.get("/compte/").content.decode()
    assert 29 <= (token.expires_at - timezone.now()).days <= 30
    api = APIClient(HTTP_AUTHORIZATION=f"Token {secret}")
    assert api.get("/api/v1/products/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    agent_client.post("/compte/jeton/revoquer/", {"token": token.pk})
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = api.get("/api/v1/products/")
    assert response.status_code == 401
    assert "révoqué" in response.json()["message"]


def test_an_api_token_lasts_a_year_at_most_and_then_expires(agent_client, agent):
    agent_client.post("/compte/jeton/", {"name": "Trop long", "days": 5000})
    assert not PersonalToken.objects.exists()
    secret = personal_token(agent, days=365)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=366)):
        response = APIClient(HTTP_AUTHORIZATION=f"Token {secret}").get("/api/v1/products/")
    assert response.status_code == 401
    assert "expiré" in response.json()["message"]


def test_changing_the_password_revokes_every_api_token(agent_client, agent):
    secret = personal_token(agent)
    new = "une-phrase-de-passe-solide-2026"
    agent_client.post(
        "/compte/mot-de-passe/", {"old_password": TEST_PASSWORD, "new_password1": new, "new_password2": new}
    )
    assert APIClient(HTTP_AUTHORIZATION=f"Token {secret}").get("/api/v1/products/").status_code == 401
    assert PersonalToken.objects.get().revoked_reason == "mot de passe changé"


def test_an_existing_clear_token_is_hashed_by_the_migration_and_keeps_working():
    from importlib import import_module

    from django.apps import apps
    from rest_framework.authtoken.models import Token

    agent = UserFactory()
    clear = Token.objects.create(user=agent)
    import_module("equipage.accounts.migrations.0004_hash_existing_api_tokens").hash_clear_tokens(apps, None)
    assert not Token.objects.exists()
    assert APIClient(HTTP_AUTHORIZATION=f"Token {clear.key}").get("/api/v1/products/").status_code == 200


def test_portfolio_administrators_get_admin_access_from_their_role():
    user = UserFactory(is_portfolio_admin=True)
    assert user.is_staff
    assert user.has_perm("registry.change_product")
    user.is_portfolio_admin = False
    user.save()
    assert not user.is_staff
    assert not user.has_perm("registry.change_product")


def test_admin_refuses_an_existing_address_in_another_case(admin_client):
    UserFactory(email="claire@ministere.example")
    response = admin_client.post(
        "/admin/accounts/user/add/",
        {
            "email": "CLAIRE@Ministere.example",
            "first_name": "C",
            "last_name": "D",
            "password1": "une-phrase-de-passe-solide",
            "password2": "une-phrase-de-passe-solide",
            "usable_password": "true",
        },
    )
    assert response.status_code == 200
    assert "Un compte existe déjà avec cette adresse électronique." in response.content.decode()


def test_api_tokens_are_not_readable_in_the_admin(admin_client):
    assert admin_client.get("/admin/authtoken/tokenproxy/").status_code == 404


def test_an_expired_form_gets_an_explanation_in_the_design_system(agent):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    response = client.post("/compte/jeton/")
    assert response.status_code == 403
    assert "Le formulaire a expiré" in response.content.decode()
