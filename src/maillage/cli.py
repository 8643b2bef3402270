"""The ``maillage`` command.

The engine commands (``schedule``, ``match``, ``dma_score``) are plain Python and start without
Django, so they run fast and anywhere; every other sub-command is a Django management command
(``demo``, ``migrate``, ``worker``, ``import_members``...).
"""

import importlib
import os
import sys

#: Sub-commands served by Django-free engine front ends: name -> module with ``main(argv) -> int``.
ENGINE_COMMANDS = {
    "schedule": "maillage.scheduling.cli",
    "match": "maillage.matching.cli",
    "dma_score": "maillage.maturity.dma.cli",
}

#: Commands that need no secret key: help, and the developers' code generators (they neither
#: serve nor read anyone's data).
NO_SECRET_NEEDED = frozenset(
    {
        "help",
        "--help",
        "-h",
        "--version",
        "version",
        "makemigrations",
        "makemessages",
        "compilemessages",
    }
)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        module = importlib.import_module(ENGINE_COMMANDS[args[0]])
        return int(module.main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    # Django (and the settings) load only for these commands: the engines above start without.
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    from maillage.core import startup  # noqa: PLC0415

    if args and args[0] == "demo":
        # For the demo and the worker it starts: they may run on the built-in secret key.
        os.environ[startup.DEMO_ENVIRONMENT_VARIABLE] = "1"
    if args and args[0] not in NO_SECRET_NEEDED:
        try:
            startup.check_secret_key()
        except startup.ImproperlyConfiguredError as error:
            print(f"maillage: error: {error}", file=sys.stderr)
            return 2
    execute_from_command_line(["maillage", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
