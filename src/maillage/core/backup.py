"""Backups of the whole platform while it runs, and their restoration into an empty database.

Everything the platform holds lives in its database (uploads are parsed into it and not kept;
the cache can be rebuilt), so a backup is one file:

- SQLite: a copy made with SQLite's online backup API, page by page under the database's own
  locks, so it is consistent even while the web server and the worker write (WAL mode);
- PostgreSQL: ``pg_dump`` in its custom format (compressed, one snapshot of every table), which
  ``pg_restore`` brings back.

Restoring never overwrites: the target (the configured data folder's database, or the
``DATABASE_URL`` database) must be empty; then the schema is migrated forward, so a backup made
by an older version comes up to date.
"""

import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.management import call_command
from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
#: Pages copied per step of SQLite's online backup: writers get the lock between steps.
SQLITE_PAGES_PER_STEP = 1024


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why, for a person."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    size: int


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the configured database (the password never on a command line)."""
    settings = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            env[variable] = str(settings[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def backup_database(*, path: Path) -> BackupResult:
    """Write a consistent snapshot of the database to ``path`` (replaced if it exists)."""
    engine = _engine()
    path = path.resolve()
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    partial = path.with_name(f".{path.name}.partial")
    try:
        if engine == "sqlite":
            _sqlite_backup(partial)
        else:
            _pg_dump(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=path, engine=engine, size=path.stat().st_size)


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    source = connection.connection
    destination = sqlite3.connect(target)
    try:
        source.backup(destination, pages=SQLITE_PAGES_PER_STEP)
    finally:
        destination.close()


def _pg_dump(target: Path) -> None:
    command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target)]
    completed = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(f"pg_dump failed: {completed.stderr.strip()}")


def backup_engine(path: Path) -> str:
    """Which database a backup file comes from, by its first bytes."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a Maillage backup (neither SQLite nor pg_dump custom).")


def restore_database(*, path: Path) -> str:
    """Bring the backup at ``path`` into the configured, empty database; returns the engine."""
    engine = _engine()
    source_engine = backup_engine(path)
    if source_engine != engine:
        raise BackupError(
            f"{path} is a {source_engine} backup but the platform is configured for {engine}: "
            "restore it with the same kind of database."
        )
    if connection.introspection.table_names():
        raise BackupError(
            f"The database ({_describe_target()}) is not empty: restore into a new data folder "
            "or an empty database, never over live data."
        )
    if engine == "sqlite":
        _sqlite_restore(path)
    else:
        _pg_restore(path)
    call_command("migrate", interactive=False, verbosity=0)
    return engine


def _describe_target() -> str:
    name = str(connection.settings_dict["NAME"])
    host = connection.settings_dict.get("HOST")
    return f"{name} on {host}" if host else name


def _sqlite_restore(path: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        # Check the copy before it goes anywhere near the data folder.
        checked = Path(folder) / "checked.sqlite3"
        shutil.copyfile(path, checked)
        probe = sqlite3.connect(checked)
        try:
            (verdict,) = probe.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{path} is damaged: {error}.") from None
        finally:
            probe.close()
        if verdict != "ok":
            raise BackupError(f"{path} is damaged: {verdict}.")
        source = sqlite3.connect(checked)
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()


def _pg_restore(path: Path) -> None:
    command = [
        _tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        "--dbname",
        str(connection.settings_dict["NAME"]),
        str(path),
    ]
    connection.close()  # pg_restore works on its own connection
    completed = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        command, env=_pg_environment(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise BackupError(f"pg_restore failed: {completed.stderr.strip()}")
