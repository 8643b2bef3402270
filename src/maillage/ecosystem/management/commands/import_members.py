"""``maillage import_members NETWORK_SLUG FILE [--dry-run | --commit]``.

Prints the preview (what each row will do). Without ``--commit`` nothing is written. Any error in
the file or its rows goes to stderr with exit code 2, and nothing is written.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from maillage.ecosystem.imports.committing import ImportRejectedError, commit_import
from maillage.ecosystem.imports.planning import ImportPreview, preview_import
from maillage.ecosystem.imports.reading import ImportFileError, check_size
from maillage.ecosystem.models import ImportBatch, Organisation

_BAD_INPUT = 2


class Command(BaseCommand):
    help = "Import a member list (CSV or XLSX) into a cluster or pole; a dry run by default."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("network", metavar="NETWORK_SLUG", help="slug of the cluster or pole")
        parser.add_argument("file", type=Path, metavar="FILE", help="the .csv or .xlsx file")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--dry-run", action="store_true", help="only show the preview (default)")
        mode.add_argument("--commit", action="store_true", help="import when there is no error")

    def handle(self, *args: Any, **options: Any) -> None:
        slug: str = options["network"]
        path: Path = options["file"]
        network = Organisation.objects.filter(
            slug=slug, kind__in=Organisation.NETWORK_KINDS
        ).first()
        if network is None:
            raise CommandError(f"No cluster or pole has the slug {slug!r}.", returncode=_BAD_INPUT)
        data = self._read(path)
        preview = preview_import(network=network, data=data, file_name=path.name)
        self._print(preview)
        if not preview.ok:
            self._fail(preview)
        if not options["commit"]:
            self.stdout.write("Dry run: nothing was written (use --commit to import).")
            return
        try:
            batch = commit_import(
                network=network,
                data=data,
                file_name=path.name,
                user=None,
                source=ImportBatch.Source.CLI,
            )
        except ImportRejectedError as rejected:
            self._fail(rejected.preview)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name} into {network}: {batch.created_count} created, "
                f"{batch.updated_count} updated, {batch.membership_count} memberships added, "
                f"{batch.unchanged_count} unchanged (batch {batch.pk})."
            )
        )

    @staticmethod
    def _read(path: Path) -> bytes:
        try:
            check_size(path.stat().st_size)
            return path.read_bytes()
        except ImportFileError as error:
            raise CommandError(str(error), returncode=_BAD_INPUT) from None
        except OSError as error:
            raise CommandError(
                f"Cannot read {path}: {error.strerror}.", returncode=_BAD_INPUT
            ) from None

    def _print(self, preview: ImportPreview) -> None:
        if preview.file_errors:
            return
        counts = preview.counts
        self.stdout.write(
            f"{preview.file_name}: {len(preview.rows)} rows; {counts['create']} to create, "
            f"{counts['update']} to update, {counts['membership']} to add as members only, "
            f"{counts['unchanged']} unchanged, {len(preview.error_rows)} with errors."
        )
        for row in preview.rows:
            action = "error" if row.errors else (row.action.label if row.action else "")
            line = f"row {row.number}: {row.name or '-'}: {action}"
            if row.organisation_name and not row.errors:
                line += f" (matches {row.organisation_name} by {row.matched_by})"
            if row.changes and not row.errors:
                line += f"; fills {', '.join(row.changes)}"
            self.stdout.write(line)
            for issue in row.warnings:
                self.stdout.write(f"    warning: {issue}")

    def _fail(self, preview: ImportPreview) -> None:
        for line in preview.all_errors():
            self.stderr.write(line)
        raise CommandError("The file has errors; nothing was written.", returncode=_BAD_INPUT)
