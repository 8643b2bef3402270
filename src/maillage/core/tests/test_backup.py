"""``maillage backup`` then ``maillage restore`` into an empty data folder gives back every row
and every media file.

The restore runs as an operator would run it: the ``maillage`` command in another process,
pointed at a new data folder (SQLite) or a new, empty database (PostgreSQL).
"""

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from maillage.api.services import create_api_token
from maillage.audit.services import record_event
from maillage.conftest import Cast
from maillage.ecosystem.demo_logos import draw_logo
from maillage.ecosystem.logos import store_logo
from maillage.events.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db(transaction=True)
SOURCE = str(Path(__file__).resolve().parents[3])


@pytest.fixture
def filled(cast: Cast) -> Cast:
    registration = RegistrationFactory(user=cast.alice, organisation=cast.alice_org)
    record_event(actor=cast.alice, action="test.done", target=registration, details={"n": [1]})
    create_api_token(user=cast.bob, name="sync")
    for organisation in (cast.alice_org, cast.cluster):
        png = draw_logo(organisation.name, key=organisation.slug)
        store_logo(organisation=organisation, upload=io.BytesIO(png), size=len(png))
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


def media_files(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


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
    assert restored.stdout.startswith(f"Restored {backup} ({connection.vendor}, 4 media files)")

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
    media = media_files(Path(settings.MEDIA_ROOT))
    assert len(media) == 4  # two logos and their thumbnails
    assert media_files(Path(target["MAILLAGE_DATA_DIR"]) / "media") == media


def test_restore_reads_a_backup_of_the_first_format(
    filled: Cast, tmp_path: Path, target: dict[str, str]
) -> None:
    """The first format was the bare database file, which today's archive holds as it is."""
    backup = tmp_path / "maillage.backup"
    call_command("backup", str(backup))
    with tarfile.open(backup) as archive:
        name = next(m.name for m in archive if m.name.startswith("database."))
        archive.extract(name, tmp_path, filter="data")
    old = tmp_path / name
    restored = maillage(target, "restore", str(old), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert restored.stdout.strip() == (
        f"Restored {old} ({connection.vendor}, no media: a backup from before media were "
        "included, copy its media folder by hand) and migrated the schema."
    )
    organisations = maillage(
        target,
        "shell",
        "--verbosity=0",
        "-c",
        "from maillage.ecosystem.models import Organisation as O; "
        "print(O.objects.exclude(logo='').count())",
    )
    assert organisations.stdout.strip() == "2"


def test_restore_refuses_a_media_folder_that_is_not_empty(
    filled: Cast, tmp_path: Path, target: dict[str, str]
) -> None:
    backup = tmp_path / "maillage.backup"
    call_command("backup", str(backup))
    media = Path(target["MAILLAGE_DATA_DIR"]) / "media"
    media.mkdir(parents=True)
    (media / "left-over.png").write_bytes(b"x")
    result = maillage(target, "restore", str(backup), "--yes")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"CommandError: The media folder {media} is not empty: restore into a new data "
        "folder, never over live data."
    )


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
        f"CommandError: This restores {backup} into the configured database and media folder; "
        "add --yes to confirm."
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


def archive(path: Path, entries: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w") as out:
        for name, data in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            out.addfile(info, io.BytesIO(data))
    return path


def manifest(**fields: object) -> bytes:
    base = {"format": 1, "engine": connection.vendor, "media_files": 0}
    return json.dumps(base | fields).encode()


def test_restore_refuses_archives_that_are_no_maillage_backup(
    tmp_path: Path, target: dict[str, str]
) -> None:
    database = "database.sqlite3" if connection.vendor == "sqlite" else "database.pgdump"
    cases = {
        "other.tar": ({"notes.txt": b"hello"}, "is not a Maillage backup (no maillage-backup.json"),
        "future.backup": (
            {"maillage-backup.json": manifest(format=2)},
            "is a Maillage backup of a format this version cannot read (it reads format 1)",
        ),
        "escape.backup": (
            {
                "maillage-backup.json": manifest(media_files=1),
                database: b"",
                "media/../../escaped.png": b"x",
            },
            "is damaged:",
        ),
    }
    for name, (entries, message) in cases.items():
        result = maillage(target, "restore", str(archive(tmp_path / name, entries)), "--yes")
        assert result.returncode == 2, name
        assert message in result.stderr, (name, result.stderr)
    assert not (Path(target["MAILLAGE_DATA_DIR"]) / "escaped.png").exists()
    assert not (Path(target["MAILLAGE_DATA_DIR"]).parent / "escaped.png").exists()


def test_backup_into_a_missing_folder_fails_clearly(db: None, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="does not exist") as err:
        call_command("backup", str(tmp_path / "nope" / "x.backup"))
    assert err.value.returncode == 2
