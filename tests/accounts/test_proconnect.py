"""Sign-in with ProConnect, end to end against a fake OpenID Connect provider.

The provider is a real HTTP server (see ``fake_oidc_provider``): mozilla-django-oidc really
exchanges the code, fetches the JWKS, verifies the RS256 signatures and the nonce, and reads
the userinfo. Only accounts opened beforehand, active, with the same e-mail may sign in.

mozilla-django-oidc reads its settings when a view or backend is instantiated, that is on each
request, and Django reads AUTHENTICATION_BACKENDS on each call: pytest-django's ``settings``
fixture is enough to switch ProConnect on for a test.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from equipage.accounts.models import SignInEvent, User
from tests.accounts.fake_oidc_provider import FakeOIDCProvider, generate_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CLIENT_ID = "equipage-test"
CLIENT_SECRET = "secret-de-test"
BACKEND = "equipage.accounts.oidc.ProConnectBackend"
LOGIN_URL = "/connexion/"
PROCONNECT_URL = "/connexion/proconnect/"
CALLBACK_URL = "/connexion/proconnect/retour/"
FAILURE_URL = "/connexion/?echec=proconnect"
FAILURE_MESSAGE = "La connexion avec ProConnect n’a pas abouti."


@pytest.fixture
def provider(settings):
    provider = FakeOIDCProvider(client_id=CLIENT_ID, client_secret=CLIENT_SECRET).start()
    settings.PROCONNECT_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = provider.authorization_endpoint
    settings.OIDC_OP_TOKEN_ENDPOINT = provider.token_endpoint
    settings.OIDC_OP_USER_ENDPOINT = provider.userinfo_endpoint
    settings.OIDC_OP_JWKS_ENDPOINT = provider.jwks_endpoint
    settings.OIDC_RP_SIGN_ALGO = "RS256"
    settings.OIDC_CREATE_USER = False
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "equipage.accounts.signin.SignInDelayBackend",
        "django.contrib.auth.backends.ModelBackend",
        BACKEND,
    ]
    yield provider
    provider.stop()


@pytest.fixture
def proconnect_off(settings):
    settings.PROCONNECT_ENABLED = False
    settings.OIDC_RP_CLIENT_ID = ""
    settings.AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]


def start_sign_in(client, provider, path=PROCONNECT_URL):
    """Click "S’identifier avec ProConnect", sign in at the provider, and return the callback URL."""
    response = client.get(path)
    assert response.status_code == 302
    return provider.authorize(response["Location"])


def come_back(client, callback_url):
    """Let the browser follow the provider's redirect to Équipage's callback."""
    url = urlsplit(callback_url)
    assert f"{url.scheme}://{url.netloc}" == "http://testserver"
    assert url.path == CALLBACK_URL
    return client.get(url.path, {name: values[0] for name, values in parse_qs(url.query).items()})


def signed_in_user_id(client):
    return client.session.get("_auth_user_id")


# --- configuration ---


def test_login_page_has_no_proconnect_button_when_proconnect_is_not_configured(client, proconnect_off):
    html = client.get(LOGIN_URL).content.decode()
    assert "fr-connect" not in html
    assert PROCONNECT_URL not in html


@pytest.mark.parametrize("path", [PROCONNECT_URL, CALLBACK_URL])
def test_proconnect_urls_answer_404_when_proconnect_is_not_configured(client, proconnect_off, path):
    assert client.get(path, {"code": "x", "state": "y"}).status_code == 404


def test_login_page_shows_proconnect_button_when_proconnect_is_configured(client, provider):
    html = client.get(LOGIN_URL, {"next": "/produits/"}).content.decode()
    button = re.search(r'<a class="fr-btn fr-connect" href="([^"]+)"', html)
    assert button, "no ProConnect button"
    href = urlsplit(button[1])
    assert href.path == PROCONNECT_URL
    assert parse_qs(href.query) == {"next": ["/produits/"]}  # The page asked for is carried along.
    assert provider.calls == []  # Showing the button contacts nobody.


# --- the happy path ---


def test_proconnect_sign_in_redirects_to_the_provider_with_client_id_state_nonce_and_redirect_uri(client, provider):
    response = client.get(PROCONNECT_URL)

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == provider.authorization_endpoint
    params = {name: values[0] for name, values in parse_qs(location.query).items()}
    assert params["client_id"] == CLIENT_ID
    assert params["response_type"] == "code"
    assert params["redirect_uri"] == f"http://testserver{CALLBACK_URL}"
    assert set(params["scope"].split()) >= {"openid", "email", "given_name", "usual_name"}
    pending = client.session["oidc_states"]
    assert list(pending) == [params["state"]]
    assert pending[params["state"]]["nonce"] == params["nonce"]
    assert len(params["state"]) >= 32
    assert len(params["nonce"]) >= 32


@pytest.mark.parametrize("userinfo_as_jwt", [False, True], ids=["userinfo-json", "userinfo-signed-jwt"])
def test_proconnect_signs_in_the_existing_account_and_updates_its_name(client, provider, userinfo_as_jwt):
    user = UserFactory(email="camille.martin@ministere.example", first_name="Cam", last_name="Ancien-Nom")
    provider.userinfo_as_jwt = userinfo_as_jwt
    provider.identity = {
        "sub": "f4b1c2d3",
        "email": "Camille.Martin@ministere.example",  # Matched regardless of case.
        "given_name": "Camille",
        "usual_name": "Martin",
    }

    response = come_back(client, start_sign_in(client, provider))

    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")
    assert signed_in_user_id(client) == str(user.pk)
    assert client.session["_auth_user_backend"] == BACKEND
    assert "oidc_states" not in client.session or not client.session["oidc_states"]  # The state is spent.
    user.refresh_from_db()
    assert (user.first_name, user.last_name) == ("Camille", "Martin")
    assert User.objects.count() == 1
    # The code was exchanged once, with the client's credentials and the same redirect URI.
    assert provider.calls == ["GET /authorize", "POST /token", "GET /jwks", "GET /userinfo"] + (
        ["GET /jwks"] if userinfo_as_jwt else []
    )
    assert provider.token_requests[0]["redirect_uri"] == f"http://testserver{CALLBACK_URL}"
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert home.context["user"] == user
    # The sign-in journal names the way in.
    event = SignInEvent.objects.get()
    assert (event.kind, event.method, event.user) == ("success", "proconnect", user)


def test_proconnect_sign_in_returns_to_the_page_asked_for(client, provider):
    UserFactory(email=provider.identity["email"])

    response = come_back(client, start_sign_in(client, provider, f"{PROCONNECT_URL}?next=/produits/"))

    assert response.status_code == 302
    assert response["Location"] == "/produits/"


# --- refusals ---


def assert_refused(client, response):
    assert response.status_code == 302
    assert response["Location"] == FAILURE_URL
    assert signed_in_user_id(client) is None
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert FAILURE_MESSAGE in page.content.decode()
    assert page.context["user"].is_anonymous


def test_proconnect_refuses_an_unknown_email_and_creates_no_account(client, provider):
    UserFactory(email="quelqu.un@ministere.example")
    provider.identity = {**provider.identity, "email": "inconnu@ministere.example"}

    response = come_back(client, start_sign_in(client, provider))

    assert_refused(client, response)
    assert list(User.objects.values_list("email", flat=True)) == ["quelqu.un@ministere.example"]
    assert list(SignInEvent.objects.values_list("kind", "method")) == [("failure", "proconnect")]


def test_proconnect_refuses_an_inactive_account(client, provider):
    user = UserFactory(email=provider.identity["email"], is_active=False, last_name="Désactivé")

    response = come_back(client, start_sign_in(client, provider))

    assert_refused(client, response)
    user.refresh_from_db()
    assert user.last_name == "Désactivé"  # Left untouched.


def test_proconnect_refuses_a_tampered_state(client, provider):
    UserFactory(email=provider.identity["email"])
    callback = urlsplit(start_sign_in(client, provider))
    params = {name: values[0] for name, values in parse_qs(callback.query).items()}

    response = client.get(callback.path, {"code": params["code"], "state": params["state"] + "x"})

    assert response.status_code == 302
    assert response["Location"] == FAILURE_URL
    assert signed_in_user_id(client) is None
    assert "POST /token" not in provider.calls  # The code was never even exchanged.


def test_proconnect_refuses_a_callback_without_a_sign_in_under_way(client, provider):
    UserFactory(email=provider.identity["email"])
    callback_url = start_sign_in(client, provider)
    client.cookies.clear()  # Another browser, which never started the sign-in, replays the callback.

    response = come_back(client, callback_url)

    assert response.status_code == 302
    assert response["Location"] == FAILURE_URL
    assert signed_in_user_id(client) is None
    assert "POST /token" not in provider.calls


def test_proconnect_refuses_an_id_token_not_signed_by_the_provider(client, provider):
    UserFactory(email=provider.identity["email"])
    provider.id_token_key = generate_key()  # Same kid, but a key the JWKS does not publish.

    response = come_back(client, start_sign_in(client, provider))

    assert response.status_code == 302
    assert response["Location"] == FAILURE_URL
    assert signed_in_user_id(client) is None
    assert "GET /userinfo" not in provider.calls
