"""Two identical product creations at the same moment: one is created, the other refused in French, never a 500.

Both requests pass the form's or the serializer's uniqueness check, then the database's unique index refuses the
second: it answers 409 (equipage.core.middleware.UniqueConflictMiddleware), its transaction rolled back. Real
concurrent requests (threads, each with its own connection). On SQLite, whose test database refuses a write while
another is under way, a request may instead get the 503 « réessayez » and, retried, the form's own 400.
"""

import time

import pytest
from django.test import Client
from rest_framework.test import APIClient

from equipage.core.middleware import CONFLICT
from equipage.registry.models import Product
from tests.factories import AdminFactory, OrganisationFactory
from tests.indicators.test_concurrent_pushes import concurrently

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 3
REFUSED = {400, 409}


def retrying(send):
    for _ in range(50):
        response = send()
        if response.status_code != 503:
            return response
        time.sleep(0.02)
    return response


def test_two_identical_api_creations_at_once_answer_201_and_a_french_refusal():
    admin, sponsor = AdminFactory(), OrganisationFactory()
    for number in range(ROUNDS):
        name = f"Course {number}"

        def send(name=name):
            client = APIClient(raise_request_exception=False)
            client.force_authenticate(admin)
            body = {"name": name, "pitch": "Deux fois.", "sponsor": sponsor.name}
            return retrying(lambda: client.post("/api/v1/products/", body, format="json"))

        responses = concurrently(2, send)
        statuses = sorted(response.status_code for response in responses)
        assert statuses[0] == 201 and statuses[1] in REFUSED, statuses
        refusal = responses[0] if responses[0].status_code != 201 else responses[1]
        if refusal.status_code == 409:
            assert refusal.json() == {"status": 409, "message": CONFLICT}
        assert Product.objects.filter(name=name).count() == 1
        assert Product.history.filter(name=name).count() == 1  # the refused one left no history either


def test_two_identical_page_creations_at_once_answer_a_redirect_and_a_french_refusal():
    admin, sponsor = AdminFactory(), OrganisationFactory()
    for number in range(ROUNDS):
        name = f"Page {number}"

        clients = [Client(raise_request_exception=False) for _ in range(2)]
        for client in clients:  # signed in before the threads start: a sign-in writes its session
            client.force_login(admin)
        form = {"name": name, "pitch": "Deux fois.", "sponsor": sponsor.pk, "phase": "construction"}

        def send(form=form, clients=clients):
            client = clients.pop()
            return retrying(lambda: client.post("/produits/nouveau/", form | {"governance": "pm_dnum"}))

        responses = concurrently(2, send)
        statuses = sorted(response.status_code for response in responses)
        # A refused form is shown again with its error (200); a refusal by the database is the 409 page.
        assert statuses in ([200, 302], [302, 409]), statuses
        for response in responses:
            if response.status_code == 409:
                assert "Rechargez la page" in response.content.decode()
                assert "fr-header" in response.content.decode()
        assert Product.objects.filter(name=name).count() == 1
