"""The API does what its OpenAPI schema says: schemathesis sends generated requests to every operation.

In process (the WSGI application, no server), as an administrator with a personal token made here,
against a world of data made here (every kind of object, so that path parameters resolve), each request
inside a savepoint rolled back afterwards: every example sees the same data and nothing is left behind.
Checks: no server error, only documented status codes, responses matching their schema and content type.
"""

from __future__ import annotations

import re
import traceback

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.core.permission_world import build_world
from tests.factories import personal_token

pytestmark = pytest.mark.django_db

# Examples per operation and generation mode: small, so that the whole file stays within a minute on CI.
EXAMPLES = 6
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]

# The object of the world a path parameter names, by the collection just before it in the path.
OBJECTS = {
    "actions": lambda w: w.action.pk,
    "budget-lines": lambda w: w.budget_line.pk,
    "decisions": lambda w: w.decision.pk,
    "memberships": lambda w: w.developer.pk,
    "people": lambda w: w.developer.person.pk,
    "organisations": lambda w: w.product.sponsor.pk,
    "indicators": lambda w: w.indicator.pk,
    "measurements": lambda w: w.measurement.pk,
    "releases": lambda w: w.release.pk,
    "rituals": lambda w: w.ritual.pk,
    "roadmap-items": lambda w: w.roadmap_item.pk,
    "stories": lambda w: w.story.number,
    "test-cases": lambda w: w.case.pk,
    "feedback": lambda w: w.feedback.pk,
    "processing-activities": lambda w: w.processing.pk,
    "audits": lambda w: w.audit.pk,
    "security-measures": lambda w: w.measure.pk,
    "homologation-opinions": lambda w: w.opinion.pk,
}
PARAMETER = re.compile(r"\{(\w+)\}")


def path_parameters(path: str, world, client: APIClient) -> dict:
    """Values that resolve to the world's objects: the product's slug, then each object by its collection.

    A collection not in OBJECTS (a route added later) is asked for its first item, through the API."""
    values: dict = {}
    for match in PARAMETER.finditer(path):
        name = match.group(1)
        if name in ("slug", "product_slug"):
            values[name] = world.product.slug
            continue
        prefix = path[: match.start()]
        collection = prefix.rstrip("/").rsplit("/", 1)[-1]
        if collection in OBJECTS:
            values[name] = OBJECTS[collection](world)
            continue
        listing = client.get(PARAMETER.sub(lambda m: str(values.get(m.group(1), "")), prefix))
        items = listing.json() if listing.status_code == 200 else []
        items = items.get("results", []) if isinstance(items, dict) else items
        if items and name in items[0]:
            values[name] = items[0][name]
        elif items and "id" in items[0]:
            values[name] = items[0]["id"]
    return values


def in_the_test_transaction(environ, start_response):
    """The WSGI application as Django's test client runs it, keeping the test's connection open.

    The handler closes the connection after each request when its autocommit differs from the settings (as inside
    the test's transaction), which loses the test's data on PostgreSQL. The test client reconnects that closing after
    each of its own requests, hence the disconnection before each request sent here."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    return application(environ, start_response)


@pytest.fixture
def connections_kept_open():
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_answers_as_its_schema_says(connections_kept_open):
    world = build_world()
    secret = personal_token(world.users["admin"])
    headers = {"Authorization": f"Token {secret}"}
    client = APIClient(HTTP_AUTHORIZATION=f"Token {secret}")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", in_the_test_transaction)

    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        known = path_parameters(operation.path, world, client)
        strategy = st.one_of(
            operation.as_strategy(path_parameters=known or None),
            operation.as_strategy(generation_mode=schemathesis.GenerationMode.NEGATIVE, path_parameters=known or None),
        )

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def probe(case) -> None:
            with transaction.atomic():
                try:
                    case.call_and_validate(headers=headers, checks=CHECKS)
                finally:
                    transaction.set_rollback(True)

        try:
            probe()
        except (Exception, BaseExceptionGroup) as failure:
            summary = "".join(traceback.format_exception_only(failure)).strip()
            failures.append(f"{operation.method.upper()} {operation.path}:\n{summary[:1500]}")
    assert operations > 100
    assert not failures, f"{len(failures)} opérations en écart avec le schéma :\n\n" + "\n\n".join(failures)
