"""Typed readers for environment variables (Healthchecks' envbool/envint style).

Each reader fails loudly with the variable's name when a value cannot be parsed, so a typo in a
deployment shows at start-up rather than as odd behaviour later. ``NAME_FILE`` is read when
``NAME`` is unset, so secrets can come from mounted files.
"""

import os
from pathlib import Path


class ImproperlyConfiguredError(ValueError):
    """An environment variable holds a value its reader cannot accept."""


def env_str(name: str, default: str = "") -> str:
    if name in os.environ:
        return os.environ[name]
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return default


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfiguredError(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env_str(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfiguredError(f"{name} must be an integer, got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name, "")
    if not raw.strip():
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]
