"""``maillage restore FILE --yes``: bring a backup back into an empty database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.core.backup import BackupError, restore_database


class Command(BaseCommand):
    help = (
        "Restore a backup made by `maillage backup` into the configured database, which must "
        "be empty (a new data folder, or an empty PostgreSQL database), then migrate it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup to restore")
        parser.add_argument(
            "--yes", action="store_true", help="confirm (nothing is restored without it)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist.", returncode=2)
        if not options["yes"]:
            raise CommandError(
                f"This restores {path} into the configured database; add --yes to confirm.",
                returncode=2,
            )
        try:
            engine = restore_database(path=path)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(f"Restored {path} ({engine}) and migrated the schema.")
