"""The ``maillage`` command.

The engine commands (``schedule``, ``match``) are plain Python and start without Django, so they
run fast and anywhere; every other sub-command is a Django management command (``demo``,
``migrate``, ``worker``, ``import_members``...).
"""

import importlib
import os
import sys

#: Sub-commands served by Django-free engine front ends: name -> module with ``main(argv) -> int``.
ENGINE_COMMANDS = {
    "schedule": "maillage.scheduling.cli",
    "match": "maillage.matching.cli",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in ENGINE_COMMANDS:
        module = importlib.import_module(ENGINE_COMMANDS[args[0]])
        return int(module.main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "maillage.settings")
    from django.core.management import execute_from_command_line  # noqa: PLC0415

    execute_from_command_line(["maillage", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
