"""The same measurements pushed twice at the same moment: both answer the first success, one row is stored.

Real concurrent requests (threads, each with its own database connection) against the application. On
PostgreSQL both requests reach the unique index together and neither may need a retry; SQLite (the
test database is shared in memory) refuses a write while another is under way, which the application
answers with a 503 and Retry-After, never a 500: the scripts retry as told and get the same success.
"""

import datetime
import threading
import time

import pytest
from django.db import connection
from rest_framework.test import APIClient

from equipage.indicators import services
from equipage.indicators.models import Measurement
from tests.factories import ProductFactory, UserFactory
from tests.indicators.factories import IndicatorFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 2


def post_retrying(secret: str, url: str, payload, retries: list) -> object:
    """A well-behaved script: retry on 503 (database busy), as Retry-After says, a bounded number of times."""
    client = APIClient(HTTP_AUTHORIZATION=f"Bearer {secret}", raise_request_exception=False)
    for _ in range(50):
        response = client.post(url, payload, format="json")
        if response.status_code != 503:
            return response
        assert response["Retry-After"]
        retries.append(response.json()["message"])
        time.sleep(0.02)
    return response


def concurrently(count: int, send) -> list:
    """Run `send()` in `count` threads released together; return their responses."""
    barrier = threading.Barrier(count)
    responses: list = [None] * count

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            responses[index] = send()
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return responses


@pytest.fixture
def pushing():
    editor = UserFactory()
    product = ProductFactory(editors=[editor])
    indicator = IndicatorFactory(objective=ObjectiveFactory(product=product), code="visites")
    _token, secret = services.create_token(product, name="Script", user=editor)
    return product, indicator, secret


def test_two_identical_single_pushes_at_once_both_answer_success(pushing):
    product, indicator, secret = pushing
    url = f"/api/v1/products/{product.slug}/measurements/"
    for round_ in range(ROUNDS):
        day = (datetime.date(2026, 1, 1) - datetime.timedelta(days=31 * (round_ + 1))).replace(day=1)
        payload = {"indicator": "visites", "date": day.isoformat(), "value": "12.5"}
        retries = []
        responses = concurrently(2, lambda p=payload, r=retries: post_retrying(secret, url, p, r))
        assert sorted(response.status_code for response in responses) == [200, 201], [r.content for r in responses]
        assert not retries or connection.vendor == "sqlite", retries
        bodies = [response.json() for response in responses]
        assert bodies[0]["id"] == bodies[1]["id"]
        assert Measurement.objects.filter(indicator=indicator, date=day).count() == 1


def test_two_identical_bulk_pushes_at_once_both_answer_success(pushing):
    product, indicator, secret = pushing
    url = f"/api/v1/products/{product.slug}/measurements/bulk/"
    for round_ in range(ROUNDS):
        days = [datetime.date(2024 - round_, month, 1) for month in range(1, 13)]
        payload = [{"indicator": "visites", "date": day.isoformat(), "value": n} for n, day in enumerate(days)]
        retries = []
        responses = concurrently(2, lambda p=payload, r=retries: post_retrying(secret, url, p, r))
        assert not retries or connection.vendor == "sqlite", retries
        assert [response.status_code for response in responses] == [201, 201], [r.content for r in responses]
        bodies = [response.json() for response in responses]
        assert sorted((body["created"], body["unchanged"]) for body in bodies) == [(0, 12), (12, 0)]
        assert bodies[0]["measurements"] == bodies[1]["measurements"]
        assert Measurement.objects.filter(indicator=indicator, date__in=days).count() == 12
