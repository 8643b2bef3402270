"""``maillage backup`` then ``maillage restore`` into an empty database gives back every row.

The restore runs as an operator would run it: the ``maillage`` command in another process,
pointed at a new data folder (SQLite) or a new, empty database (PostgreSQL).
"""

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from maillage.api.services import create_api_token
from maillage.audit.services import record_event
from maillage.conftest import Cast
from maillage.events.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)
SOURCE = str(Path(__file__).resolve().parents[3])


@pytest.fixture
def filled(cast: Cast) -> Cast:
    registration = RegistrationFactory(user=cast.alice, organisation=cast.alice_org)
    record_event(actor=cast.alice, action="test.done", target=registration, details={"n": [1]})
    create_api_token(user=cast.bob, name="sync")
    return cast


@pytest.fixture
def target(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The environment of an empty platform to restore into."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAILLAGE_", "DATABASE"))}
    env.update(
        PYTHONPATH=SOURCE,
        MAILLAGE_SECRET_KEY="backup-test-" + "k" * 50,
        MAILLAGE_DATA_DIR=str(tmp_path / "restored"),
    )
    if connection.vendor == "sqlite":
        yield env
        return
    settings = connection.settings_dict
    name = f"{settings['NAME']}_restored"
    admin = psycopg.connect(_pg_url(settings, "postgres"), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = _pg_url(settings, name)
    try:
        yield env
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _pg_url(settings: dict[str, Any], name: str) -> str:
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or 5432
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{name}"


def maillage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, "-m", "maillage.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def rows_by_table(cursor: Any, tables: list[str], vendor: str) -> dict[str, list[str]]:
    """Every row of every table, as text, in a stable order."""
    result = {}
    for table in tables:
        if vendor == "postgresql":
            cursor.execute(f'SELECT t::text FROM "{table}" t ORDER BY 1')  # noqa: S608
            result[table] = [row[0] for row in cursor.fetchall()]
        else:
            # quote() gives SQLite's own literal of each value, untouched by type converters.
            cursor.execute(f'PRAGMA table_info("{table}")')
            columns = " || ',' || ".join(f'quote("{column[1]}")' for column in cursor.fetchall())
            cursor.execute(f'SELECT {columns} FROM "{table}" ORDER BY 1')  # noqa: S608
            result[table] = [row[0] for row in cursor.fetchall()]
    return result


def test_backup_and_restore_round_trip_every_row(
    filled: Cast, tmp_path: Path, target: dict[str, str]
) -> None:
    tables = sorted(connection.introspection.table_names())
    with connection.cursor() as cursor:
        before = rows_by_table(cursor, tables, connection.vendor)
    backup = tmp_path / "maillage.backup"
    call_command("backup", str(backup))  # which then records "backup.made" (not in it)
    assert backup.stat().st_size > 0

    restored = maillage(target, "restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.startswith(f"Restored {backup}")

    if connection.vendor == "postgresql":
        with psycopg.connect(target["DATABASE_URL"]) as other:
            after = rows_by_table(other.cursor(), tables, "postgresql")
    else:
        other = sqlite3.connect(Path(target["MAILLAGE_DATA_DIR"]) / "maillage.sqlite3")
        try:
            after = rows_by_table(other.cursor(), tables, "sqlite")
        finally:
            other.close()
    assert set(before) == set(after)
    differing = [table for table in tables if before[table] != after[table]]
    assert differing == []
    assert len(before["accounts_user"]) == 3
    assert len(before["audit_auditevent"]) >= 1
    assert len(before["events_registration"]) == 1


def test_restore_refuses_a_database_that_is_not_empty(filled: Cast, tmp_path: Path) -> None:
    backup = tmp_path / "maillage.backup"
    call_command("backup", str(backup))
    with pytest.raises(CommandError, match="is not empty: restore into a new data folder") as err:
        call_command("restore", str(backup), "--yes")
    assert err.value.returncode == 2


def test_restore_needs_yes(tmp_path: Path, target: dict[str, str]) -> None:
    backup = tmp_path / "maillage.backup"
    call_command("backup", str(backup))
    result = maillage(target, "restore", str(backup))
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"CommandError: This restores {backup} into the configured database; add --yes to confirm."
    )


def test_restore_refuses_a_file_that_is_no_backup(tmp_path: Path, target: dict[str, str]) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello", encoding="utf-8")
    result = maillage(target, "restore", str(bogus), "--yes")
    assert result.returncode == 2
    assert "is not a Maillage backup" in result.stderr
    missing = maillage(target, "restore", str(tmp_path / "nope.backup"), "--yes")
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr


def test_backup_into_a_missing_folder_fails_clearly(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist") as err:
        call_command("backup", str(tmp_path / "nope" / "x.backup"))
    assert err.value.returncode == 2
