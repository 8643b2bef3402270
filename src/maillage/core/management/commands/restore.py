"""``maillage restore FILE --yes``: bring a backup back into an empty data folder or database."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `maillage backup` into the configured database and media "
        "folder, which must be empty (a new data folder, or an empty PostgreSQL database), "
        "then migrate the database."
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
                f"This restores {path} into the configured database and media folder; "
                "add --yes to confirm.",
                returncode=2,
            )
        try:
            result = restore_backup(path=path)
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        media = (
            "no media: a backup from before media were included, copy its media folder by hand"
            if result.media_files is None
            else f"{result.media_files} media files"
        )
        self.stdout.write(f"Restored {path} ({result.engine}, {media}) and migrated the schema.")
