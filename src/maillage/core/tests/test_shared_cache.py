"""The cache is shared between processes: the worker fills it, the web server reads it."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

SCRIPT = """
import sys
import django
django.setup()
from django.core.cache import cache
if sys.argv[1] == "set":
    cache.set(sys.argv[2], "from the worker", 60)
else:
    print(cache.get(sys.argv[2]))
"""


def _in_a_process(env: dict[str, str], *args: str) -> str:
    completed = subprocess.run(  # noqa: S603  (our own interpreter and script)
        [sys.executable, "-c", SCRIPT, *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return completed.stdout.strip()


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    source = str(Path(__file__).resolve().parents[3])
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "maillage.settings",
        "PYTHONPATH": os.pathsep.join([source, os.environ.get("PYTHONPATH", "")]),
        "MAILLAGE_DATA_DIR": str(tmp_path),
        "MAILLAGE_SECRET_KEY": "test",
        **extra,
    }


def test_file_cache_in_the_data_folder_is_shared(tmp_path: Path) -> None:
    env = _environment(tmp_path)
    env.pop("MAILLAGE_REDIS_URL", None)
    key = f"shared-{uuid.uuid4()}"
    assert _in_a_process(env, "get", key) == "None"
    _in_a_process(env, "set", key)
    assert _in_a_process(env, "get", key) == "from the worker"
    assert (tmp_path / "cache").is_dir()


def _redis_running() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_running(), reason="no Redis server on 127.0.0.1:6379")
def test_redis_cache_is_shared_when_configured(tmp_path: Path) -> None:
    env = _environment(tmp_path, MAILLAGE_REDIS_URL="redis://127.0.0.1:6379/15")
    key = f"shared-{uuid.uuid4()}"
    _in_a_process(env, "set", key)
    assert _in_a_process(env, "get", key) == "from the worker"
    assert not (tmp_path / "cache").exists()  # nothing went to the file cache
