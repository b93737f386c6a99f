"""Backups: one dated archive holding the database (pg_dump, or SQLite's online backup) and the evidence files.

`make backup` writes var/backups/equipage-<date>.tar.gz; `make restore FILE=…` restores one into an
empty database (and the evidence files into MEDIA_ROOT). Object storage (S3) keeps its own versions:
only local evidence files are archived.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.utils import timezone


def _pg_env(database: dict) -> tuple[list[str], dict]:
    args = ["--host", str(database.get("HOST") or "localhost"), "--port", str(database.get("PORT") or 5432)]
    if database.get("USER"):
        args += ["--username", database["USER"]]
    env = {**os.environ, "PGPASSWORD": str(database.get("PASSWORD") or "")}
    return args, env


def _local_media() -> Path | None:
    return Path(settings.MEDIA_ROOT) if isinstance(storages["default"], FileSystemStorage) else None


def create_backup(directory: Path) -> Path:
    """Write the archive in `directory` and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M%S")
    archive = directory / f"equipage-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        if connection.vendor == "postgresql":
            database = connection.settings_dict
            args, env = _pg_env(database)
            dump = work / "database.dump"
            subprocess.run(  # noqa: S603
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", *args, "--file", str(dump),  # noqa: S607
                 database["NAME"]],
                check=True, env=env, capture_output=True,
            )  # fmt: skip
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(work / "database.sqlite3")
            with target:
                connection.connection.backup(target)  # online: consistent while the application writes
            target.close()
        else:
            raise ImproperlyConfigured(f"Sauvegarde non prise en charge pour {connection.vendor}.")
        media = _local_media()
        if media is not None and media.exists():
            shutil.copytree(media, work / "media")
        (work / "manifest.json").write_text(
            json.dumps({"vendor": connection.vendor, "created": timezone.now().isoformat(), "media": media is not None})
        )
        with tarfile.open(archive, "w:gz") as tar:
            for path in sorted(work.iterdir()):
                tar.add(path, arcname=path.name)
    return archive


NOT_EMPTY = "La base de destination n’est pas vide : restaurez dans une base vide."


def _refuse_a_postgresql_database_with_tables(database: dict) -> None:
    """Say why before pg_restore fails half-way: a restore goes into an empty database only."""
    import psycopg

    conninfo = {
        "dbname": database["NAME"],
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
    }
    with psycopg.connect(**{key: value for key, value in conninfo.items() if value}) as target:
        tables = target.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
        ).fetchone()[0]
    if tables:
        raise ImproperlyConfigured(NOT_EMPTY)


def restore_backup(archive: Path, database: dict | None = None) -> None:
    """Restore the archive into an empty database (the default one unless `database` is given)."""
    database = database or connection.settings_dict
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(work, filter="data")
        manifest = json.loads((work / "manifest.json").read_text())
        engine = database["ENGINE"]
        if manifest["vendor"] == "postgresql" and "postgresql" in engine:
            _refuse_a_postgresql_database_with_tables(database)
            args, env = _pg_env(database)
            subprocess.run(  # noqa: S603
                ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", *args,  # noqa: S607
                 "--dbname", database["NAME"], str(work / "database.dump")],
                check=True, env=env, capture_output=True,
            )  # fmt: skip
        elif manifest["vendor"] == "sqlite" and "sqlite3" in engine:
            target = sqlite3.connect(database["NAME"])
            if target.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]:
                target.close()
                raise ImproperlyConfigured(NOT_EMPTY)
            source = sqlite3.connect(work / "database.sqlite3")
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            raise ImproperlyConfigured(
                f"Cette archive vient d’une base {manifest['vendor']} : restaurez-la dans une base du même type."
            )
        if (work / "media").exists():
            shutil.copytree(work / "media", Path(settings.MEDIA_ROOT), dirs_exist_ok=True)
