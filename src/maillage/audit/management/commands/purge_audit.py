"""``maillage purge_audit [--days N]``: delete audit events past the retention period."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.audit.services import purge_audit_events


class Command(BaseCommand):
    help = "Delete audit events older than the retention period (MAILLAGE_AUDIT_RETENTION_DAYS)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="retention in days (default: MAILLAGE_AUDIT_RETENTION_DAYS, 730)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days: int = options["days"] or settings.MAILLAGE_AUDIT_RETENTION_DAYS
        if days < 1:
            raise CommandError("--days must be 1 or more.", returncode=2)
        deleted = purge_audit_events(older_than=dt.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} audit events older than {days} days.")
