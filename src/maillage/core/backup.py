"""Backups of the whole platform while it runs, and their restoration into an empty data folder.

The platform holds its data in two places: the database, and the uploaded files of the data
folder's ``media/`` (organisation logos). Imported files are parsed into the database and not
kept; the cache rebuilds itself. A backup is one tar archive holding both:

- ``maillage-backup.json``, first: a small manifest (format version, database engine, how many
  media files), by which ``restore`` knows the archive for a Maillage backup;
- ``database.sqlite3``: a copy made with SQLite's online backup API, page by page under the
  database's own locks, so it is consistent even while the web server and the worker write
  (WAL mode); or ``database.pgdump``: ``pg_dump`` in its custom format (compressed, one snapshot
  of every table), which ``pg_restore`` brings back;
- ``media/…``: every uploaded file, copied after the database snapshot. Logo files are never
  rewritten (a changed logo is a new file), so the copy holds every file the snapshot names,
  unless a logo is replaced or removed in the second between the two (its old files are gone).

Restoring never overwrites: the target database and media folder must be empty; then the
schema is migrated forward, so a backup made by an older version comes up to date. A backup of
the first format (the bare database file, before media were included) is still restored: the
database alone, its media folder copied by hand as the operations guide then said.
"""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"
#: Pages copied per step of SQLite's online backup: writers get the lock between steps.
SQLITE_PAGES_PER_STEP = 1024
MANIFEST = "maillage-backup.json"
#: Bumped when the archive's layout changes; ``restore`` refuses versions it does not know.
FORMAT_VERSION = 1
DATABASE_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why, for a person."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    engine: str
    media_files: int
    size: int


@dataclass(frozen=True)
class RestoreResult:
    engine: str
    #: None for a backup of the first format, which held no media.
    media_files: int | None


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_environment() -> dict[str, str]:
    """libpq's variables for the configured database (the password never on a command line)."""
    database = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files(root: Path) -> list[Path]:
    """The uploaded files under ``root``, in a stable order (links are not followed: the
    platform never makes any, and one could point outside the data folder)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def make_backup(*, path: Path) -> BackupResult:
    """Write a consistent snapshot of the database and the media files to ``path`` (replaced if
    it exists; written beside it first, so a failed backup never leaves a torn file there)."""
    engine = _engine()
    path = path.resolve()
    if not path.parent.is_dir():
        raise BackupError(f"The folder {path.parent} does not exist.")
    partial = path.with_name(f".{path.name}.partial")
    try:
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".maillage-backup-") as folder:
            snapshot = Path(folder) / DATABASE_MEMBER[engine]
            if engine == "sqlite":
                _sqlite_backup(snapshot)
            else:
                _pg_dump(snapshot)
            media_files = _write_archive(partial, engine=engine, snapshot=snapshot)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupResult(path=path, engine=engine, media_files=media_files, size=path.stat().st_size)


def _write_archive(target: Path, *, engine: str, snapshot: Path) -> int:
    root = _media_root()
    files = _media_files(root)
    manifest = {
        "format": FORMAT_VERSION,
        "engine": engine,
        "database": snapshot.name,
        "media_files": len(files),
    }
    data = json.dumps(manifest, indent=2).encode()
    with tarfile.open(target, "w") as archive:
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
        archive.add(snapshot, arcname=snapshot.name)
        for file in files:
            archive.add(file, arcname=MEDIA_PREFIX + file.relative_to(root).as_posix())
    return len(files)


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


def _bare_database_engine(path: Path) -> str | None:
    """The engine of a backup of the first format (a bare database file), by its first bytes;
    None for anything else."""
    try:
        with path.open("rb") as file:
            head = file.read(len(SQLITE_MAGIC))
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error.strerror}.") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    return None


def _read_manifest(path: Path, archive: tarfile.TarFile) -> dict[str, Any]:
    first = archive.next()
    if first is None or first.name != MANIFEST or not first.isfile():
        raise BackupError(f"{path} is not a Maillage backup (no {MANIFEST} at its start).")
    content = archive.extractfile(first)
    try:
        manifest = json.loads(content.read()) if content else None
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is a Maillage backup of a format this version cannot read "
            f"(it reads format {FORMAT_VERSION}): restore it with the version that made it."
        )
    if manifest.get("engine") not in DATABASE_MEMBER:
        raise BackupError(f"{path} is damaged: its manifest names no known database.")
    return manifest


def restore_backup(*, path: Path) -> RestoreResult:
    """Bring the backup at ``path`` into the configured database and media folder, which must
    both be empty, then migrate the schema."""
    engine = _engine()
    legacy_engine = _bare_database_engine(path)
    media_files: int | None = None  # a first-format backup holds no media
    if legacy_engine is not None:
        _check_target(path, source_engine=legacy_engine, engine=engine, media=False)
        _restore_database(path, engine, backup=path)
    else:
        with _open_archive(path) as archive:
            media_files = _restore_archive(path, archive, engine)
    call_command("migrate", interactive=False, verbosity=0)
    return RestoreResult(engine=engine, media_files=media_files)


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except tarfile.TarError:
        raise BackupError(
            f"{path} is not a Maillage backup (neither an archive of `maillage backup` "
            "nor a bare SQLite or pg_dump file)."
        ) from None


def _restore_archive(path: Path, archive: tarfile.TarFile, engine: str) -> int:
    """Check the archive and the target, then restore the database and move the media into
    place; returns how many media files came back."""
    manifest = _read_manifest(path, archive)
    _check_target(path, source_engine=manifest["engine"], engine=engine, media=True)
    with tempfile.TemporaryDirectory(dir=_staging_parent(), prefix=".restoring-") as folder:
        staging = Path(folder)
        database = _extract(path, archive, staging, manifest)
        _restore_database(database, engine, backup=path)
        root = _media_root()
        if root.exists():
            root.rmdir()  # empty, checked above
        (staging / "media").replace(root)
    return int(manifest["media_files"])


def _staging_parent() -> Path:
    """Beside the media folder, so the restored files move into place by a rename."""
    parent = _media_root().parent
    parent.mkdir(parents=True, exist_ok=True)
    return parent


def _check_target(path: Path, *, source_engine: str, engine: str, media: bool) -> None:
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
    root = _media_root()
    if media and root.is_dir() and any(root.iterdir()):
        raise BackupError(
            f"The media folder {root} is not empty: restore into a new data folder, never "
            "over live data."
        )


def _extract(path: Path, archive: tarfile.TarFile, staging: Path, manifest: dict[str, Any]) -> Path:
    """Unpack the database file and the media (checked: regular files under ``media/`` only)
    into ``staging``; returns the database file."""
    database_name = DATABASE_MEMBER[manifest["engine"]]
    media: list[tarfile.TarInfo] = []
    database: tarfile.TarInfo | None = None
    for member in archive.getmembers()[1:]:  # after the manifest
        if member.name == database_name and member.isfile():
            database = member
        elif member.name.startswith(MEDIA_PREFIX) and member.isfile():
            media.append(member)
        else:
            raise BackupError(f"{path} is damaged: unexpected entry {member.name!r}.")
    if database is None or len(media) != manifest["media_files"]:
        raise BackupError(f"{path} is damaged: its content does not match its manifest.")
    try:
        # The "data" filter refuses absolute paths, ".." and links out of the folder.
        archive.extractall(staging, members=[database, *media], filter="data")
    except (tarfile.TarError, OSError) as error:
        raise BackupError(f"{path} is damaged: {error}.") from None
    (staging / "media").mkdir(exist_ok=True)
    return staging / database_name


def _restore_database(database: Path, engine: str, *, backup: Path) -> None:
    """Load the database file ``database`` (from the backup file ``backup``, named in errors)."""
    if engine == "sqlite":
        _sqlite_restore(database, backup=backup)
    else:
        _pg_restore(database)


def _describe_target() -> str:
    name = str(connection.settings_dict["NAME"])
    host = connection.settings_dict.get("HOST")
    return f"{name} on {host}" if host else name


def _sqlite_restore(database: Path, *, backup: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        # Check the copy before it goes anywhere near the data folder.
        checked = Path(folder) / "checked.sqlite3"
        shutil.copyfile(database, checked)
        probe = sqlite3.connect(checked)
        try:
            (verdict,) = probe.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as error:
            raise BackupError(f"{backup} is damaged: {error}.") from None
        finally:
            probe.close()
        if verdict != "ok":
            raise BackupError(f"{backup} is damaged: {verdict}.")
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
