"""After the database drops every connection (a restart), the first request that follows succeeds.

Connections are health-checked at the start of each request (CONN_HEALTH_CHECKS), so an instance does
not answer an error with a connection the database has closed. Dropping connections needs a server, so the
outage itself is played on PostgreSQL only (SQLite has none); on every database the settings that make it
work are checked.
"""

import urllib.request

import pytest
from django.conf import settings
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  (the test's own live server)
        return response.status


def test_every_database_connection_is_health_checked_before_reuse():
    for database in settings.DATABASES.values():
        assert database["CONN_HEALTH_CHECKS"] is True


def _outage_test(live_server):
    assert get(f"{live_server.url}/healthz") == 200
    assert get(f"{live_server.url}/statistiques/") == 200
    with connection.cursor() as cursor:  # what a restart does to every other session
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1
    assert get(f"{live_server.url}/statistiques/") == 200
    assert get(f"{live_server.url}/healthz") == 200


if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
    test_the_first_request_after_the_database_dropped_its_connections_succeeds = _outage_test
