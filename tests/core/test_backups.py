"""`make backup` / `make restore`: the demo portfolio round-trips with every table's rows identical."""

import tarfile
import uuid

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from equipage.core.backups import create_backup, restore_backup

pytestmark = pytest.mark.django_db(transaction=True)


def rows(cursor, table: str) -> list:
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (table names come from introspection)
    return sorted(cursor.fetchall(), key=repr)


def test_the_demo_portfolio_round_trips_through_a_backup(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "media" / "preuves").mkdir(parents=True)
    (tmp_path / "media" / "preuves" / "rapport.pdf").write_bytes(b"%PDF-1.7 preuve")
    call_command("load_demo", verbosity=0)
    archive = create_backup(tmp_path / "backups")
    with tarfile.open(archive) as tar:
        assert {"manifest.json", "media/preuves/rapport.pdf"} <= set(tar.getnames())

    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        expected = {table: rows(cursor, table) for table in tables}
    assert sum(len(found) for found in expected.values()) > 100  # the demo is there

    settings.MEDIA_ROOT = tmp_path / "restored-media"
    if connection.vendor == "sqlite":
        target = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "restored.sqlite3")}
        restore_backup(archive, target)
        import sqlite3

        restored = sqlite3.connect(target["NAME"], detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        found = {table: rows(restored.cursor(), table) for table in tables}
        restored.close()
    else:
        name = f"equipage_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            target = {**connection.settings_dict, "NAME": name}
            restore_backup(archive, target)
            params = connection.get_connection_params()
            params["dbname"] = name
            with psycopg.connect(**{k: v for k, v in params.items() if k != "cursor_factory"}) as restored:
                found = {table: rows(restored.cursor(), table) for table in tables}
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert found == expected
    assert (tmp_path / "restored-media" / "preuves" / "rapport.pdf").read_bytes() == b"%PDF-1.7 preuve"


def test_a_restore_refuses_a_database_that_is_not_empty(tmp_path):
    archive = create_backup(tmp_path / "backups")
    with pytest.raises(Exception, match="pas vide"):
        restore_backup(archive)
