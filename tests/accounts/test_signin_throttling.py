"""Sign-in resists guessing: a growing delay, then a temporary lock, per account and per address; all journalled."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from equipage.accounts.models import SignInEvent
from tests.factories import TEST_PASSWORD, AdminFactory, UserFactory

pytestmark = pytest.mark.django_db

EMAIL = "claire@ministere.example"


def sign_in(client, password, email=EMAIL, path="/connexion/", **extra):
    return client.post(path, {"username": email, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_twenty_quick_wrong_passwords_lock_the_account_and_the_right_one_is_then_refused(client):
    UserFactory(email=EMAIL)
    statuses = [sign_in(client, f"faux-{n}").status_code for n in range(20)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[-1] == 429
    response = sign_in(client, TEST_PASSWORD)
    assert response.status_code == 429
    assert "bloquée pendant 15 minutes" in response.content.decode()
    assert response["Retry-After"] == "900"
    assert not signed_in(client)
    kinds = set(SignInEvent.objects.values_list("kind", flat=True))
    assert {"failure", "delayed", "locked"} <= kinds
    assert "success" not in kinds


def test_after_three_failures_the_next_attempt_must_wait_even_with_the_right_password(client):
    UserFactory(email=EMAIL)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for n in range(3):
            sign_in(client, f"faux-{n}")
        response = sign_in(client, TEST_PASSWORD)
        assert response.status_code == 200
        assert "patientez 2 secondes" in response.content.decode()
        assert not signed_in(client)
        clock.shift(datetime.timedelta(seconds=5))
        response = sign_in(client, TEST_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
    assert list(SignInEvent.objects.order_by("at", "pk").values_list("kind", flat=True)) == [
        "failure",
        "failure",
        "failure",
        "delayed",
        "success",
    ]


def test_the_lock_ends_after_the_cool_off(client):
    UserFactory(email=EMAIL)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for n in range(8):
            clock.shift(datetime.timedelta(seconds=40))  # past every delay: only the lock stops them
            sign_in(client, f"faux-{n}")
        assert sign_in(client, TEST_PASSWORD).status_code == 429
        clock.shift(datetime.timedelta(minutes=16))
        response = sign_in(client, TEST_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_one_address_trying_many_accounts_is_locked_too(client):
    for n in range(8):
        UserFactory(email=f"agent{n}@ministere.example")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for n in range(7):
            clock.shift(datetime.timedelta(seconds=40))
            sign_in(client, "faux", email=f"agent{n}@ministere.example")
        response = sign_in(client, TEST_PASSWORD, email="agent7@ministere.example")
    assert response.status_code == 429
    assert not signed_in(client)


def test_another_address_is_not_locked_by_someone_elses_failures(client):
    UserFactory(email=EMAIL)
    other = UserFactory(email="autre@ministere.example")
    for n in range(8):
        sign_in(client, f"faux-{n}", REMOTE_ADDR="10.0.0.9")
    response = sign_in(client, TEST_PASSWORD, email=other.email, REMOTE_ADDR="10.0.0.10")
    assert response.status_code == 302


def test_the_admin_sign_in_is_throttled_and_locked_the_same_way(client):
    AdminFactory(email=EMAIL)
    for n in range(20):
        sign_in(client, f"faux-{n}", path="/admin/login/")
    response = sign_in(client, TEST_PASSWORD, path="/admin/login/")
    assert response.status_code == 429
    assert not signed_in(client)
    assert SignInEvent.objects.filter(method="admin", kind="locked").exists()


def test_a_success_is_journalled_and_clears_the_failures(client):
    user = UserFactory(email=EMAIL)
    sign_in(client, "faux")
    assert sign_in(client, TEST_PASSWORD).status_code == 302
    event = SignInEvent.objects.filter(kind="success").get()
    assert (event.user, event.method, event.ip_address) == (user, "password", "127.0.0.1")


def test_administrators_read_the_journal_and_agents_do_not(client, admin_user, agent):
    UserFactory(email=EMAIL)
    sign_in(client, "faux")
    client.force_login(admin_user)
    page = client.get("/journal-des-connexions/?evenement=failure")
    assert page.status_code == 200
    assert EMAIL in page.content.decode()
    assert "Échec" in page.content.decode()
    client.force_login(agent)
    assert client.get("/journal-des-connexions/").status_code == 403


def test_the_journal_reads_in_a_fixed_number_of_queries(client, admin_client, django_assert_max_num_queries):
    for n in range(30):
        SignInEvent.objects.create(kind="success", method="password", email=f"a{n}@x.fr", user=UserFactory())
    with django_assert_max_num_queries(8):
        assert admin_client.get("/journal-des-connexions/").status_code == 200


def test_the_journal_filters_by_event_and_address_and_names_an_unknown_event_in_french(admin_client):
    SignInEvent.objects.create(kind="failure", method="password", email="intrus@exemple.fr")
    SignInEvent.objects.create(kind="success", method="password", email="agathe@exemple.fr")
    page = admin_client.get("/journal-des-connexions/", {"evenement": "failure", "adresse": " INTRUS "})
    assert [event.email for event in page.context["page_obj"]] == ["intrus@exemple.fr"]
    refused = admin_client.get("/journal-des-connexions/", {"evenement": "piratage"})
    assert refused.status_code == 200
    assert "Valeur inconnue « piratage » : attendu l’une de" in refused.content.decode()
    assert refused.context["filters"].errors["evenement"]
