"""Uploaded files waiting for their confirmation, kept server-side under a random token.

The preview page posts back only the token, never the file, so what is committed is exactly what
was previewed (and re-validated). Files live in ``$MAILLAGE_DATA_DIR/imports/`` with a small JSON
sidecar saying who uploaded them for which network; a token is only good for that user and that
network, and for ``PENDING_LIFETIME``. Stale files are removed whenever a new one is stored.
"""

import json
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

#: Seconds an uploaded file waits for its confirmation.
PENDING_LIFETIME = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{32}$")


class PendingImportMissingError(LookupError):
    """No usable file for this token (unknown, expired, already imported, or someone else's)."""


@dataclass(frozen=True)
class PendingImport:
    token: str
    data: bytes
    file_name: str


def pending_dir() -> Path:
    return Path(settings.DATA_DIR) / "imports"


def store_pending(*, data: bytes, file_name: str, network_id: int, user_id: int) -> str:
    """Keep ``data`` for a later confirmation; return its token."""
    folder = pending_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _prune(folder)
    token = secrets.token_urlsafe(24)
    (folder / f"{token}.data").write_bytes(data)
    meta = {"file_name": file_name, "network_id": network_id, "user_id": user_id}
    (folder / f"{token}.json").write_text(json.dumps(meta), encoding="utf-8")
    return token


def load_pending(token: str, *, network_id: int, user_id: int) -> PendingImport:
    if not _TOKEN.match(token):
        raise PendingImportMissingError(token)
    folder = pending_dir()
    try:
        meta = json.loads((folder / f"{token}.json").read_text(encoding="utf-8"))
        data = (folder / f"{token}.data").read_bytes()
        age = time.time() - (folder / f"{token}.data").stat().st_mtime
    except (OSError, ValueError):
        raise PendingImportMissingError(token) from None
    if (
        meta.get("network_id") != network_id
        or meta.get("user_id") != user_id
        or age > PENDING_LIFETIME
    ):
        raise PendingImportMissingError(token)
    return PendingImport(token=token, data=data, file_name=str(meta.get("file_name", "")))


def discard_pending(token: str) -> None:
    if not _TOKEN.match(token):
        return
    for suffix in (".data", ".json"):
        (pending_dir() / f"{token}{suffix}").unlink(missing_ok=True)


def _prune(folder: Path) -> None:
    limit = time.time() - PENDING_LIFETIME
    for path in folder.iterdir():
        try:
            if path.suffix in {".data", ".json"} and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
        except OSError:
            continue
