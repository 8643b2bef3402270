"""``maillage backup FILE``: a consistent snapshot of the platform while it runs."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.audit.services import record_event
from maillage.core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the platform to FILE while it keeps running: one "
        "archive of the database (SQLite's online backup, or pg_dump's custom format on "
        "PostgreSQL) and the uploaded media files."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = make_backup(path=options["file"])
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        record_event(
            actor=None,
            action="backup.made",
            details={"engine": result.engine, "media_files": result.media_files},
        )
        self.stdout.write(
            f"Backed up ({result.engine}, {result.media_files} media files, "
            f"{result.size:,} bytes) to {result.path}"
        )
