"""Checks made when the platform starts serving or a ``maillage`` command starts.

The settings module itself stays importable without a secret key (tests, type checking and
migrations import it), but nothing that serves users or touches their data may run with the
built-in key, which is public: anyone could forge sessions and password-reset links with it.
"""

import os

from django.conf import settings

from maillage.core.env import ImproperlyConfiguredError

__all__ = ["DEMO_ENVIRONMENT_VARIABLE", "ImproperlyConfiguredError", "check_secret_key"]

#: Set by ``maillage demo`` for itself and the worker it starts: the demo may use the built-in key.
DEMO_ENVIRONMENT_VARIABLE = "MAILLAGE_DEMO"


def check_secret_key() -> None:
    """Refuse to start with the built-in secret key outside debug and ``maillage demo``."""
    if not settings.BUILTIN_SECRET_KEY or settings.DEBUG:
        return
    if os.environ.get(DEMO_ENVIRONMENT_VARIABLE) == "1":
        return
    raise ImproperlyConfiguredError(
        "MAILLAGE_SECRET_KEY (or MAILLAGE_SECRET_KEY_FILE) is not set: set it to a long random "
        "value in production, or MAILLAGE_DEBUG=true on a development machine "
        "(`maillage demo` needs neither)."
    )
