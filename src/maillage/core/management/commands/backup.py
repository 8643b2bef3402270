"""``maillage backup FILE``: a consistent snapshot of the platform while it runs."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.audit.services import record_event
from maillage.core.backup import BackupError, backup_database


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database to FILE (SQLite's online backup, or "
        "pg_dump's custom format on PostgreSQL) while the platform keeps running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="where to write the backup")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_database(path=options["file"])
        except BackupError as error:
            raise CommandError(str(error), returncode=2) from None
        record_event(actor=None, action="backup.made", details={"engine": result.engine})
        self.stdout.write(f"Backed up ({result.engine}, {result.size:,} bytes) to {result.path}")
