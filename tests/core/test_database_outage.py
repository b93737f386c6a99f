"""After the database drops every connection (a restart), the first request that follows succeeds.

Connections are health-checked at the start of each request (CONN_HEALTH_CHECKS), so an instance does
not answer an error with a connection the database has closed. Dropping connections needs a server, so the
outage itself is played on PostgreSQL only (SQLite has none); on every database the settings that make it
work are checked.
"""

import threading
import urllib.request
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
from django.core.wsgi import get_wsgi_application
from django.db import connection, connections

pytestmark = pytest.mark.django_db(transaction=True)


def get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310  (the test's own server)
        return response.status


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def worker(settings) -> Iterator[str]:
    """A server that answers every request in one thread and keeps its database connection between
    requests, as a gunicorn worker does (pytest-django's live server closes it after each request,
    so a restart between two requests would go unnoticed)."""
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "127.0.0.1"]
    server = WSGIServer(("127.0.0.1", 0), QuietHandler, ipv6=False)
    server.set_app(get_wsgi_application())

    def serve() -> None:
        try:
            server.serve_forever(poll_interval=0.05)
        finally:
            connections.close_all()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def test_every_database_connection_is_health_checked_before_reuse():
    for database in settings.DATABASES.values():
        assert database["CONN_HEALTH_CHECKS"] is True
        assert database["CONN_MAX_AGE"] > 0  # connections are kept between requests: hence the check


def _outage_test(worker):
    assert get(f"{worker}/healthz") == 200
    assert get(f"{worker}/statistiques/") == 200
    with connection.cursor() as cursor:  # what a restart does to every other session
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        assert cursor.fetchone()[0] >= 1  # the worker's kept connection
    assert get(f"{worker}/statistiques/") == 200
    assert get(f"{worker}/healthz") == 200


if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
    test_the_first_request_after_the_database_dropped_its_connections_succeeds = _outage_test
