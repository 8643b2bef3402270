"""``maillage kpi_report --organiser SLUG [--from YYYY-MM-DD] [--to YYYY-MM-DD] --output FILE``:
the impact report of a cluster, pole or hub as JSON, XLSX or PDF (by FILE's extension)."""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from maillage.core.errors import ValidationFailed
from maillage.ecosystem.models import Organisation
from maillage.impact.queries import default_period
from maillage.impact.report import kpi_report
from maillage.impact.report_json import report_json
from maillage.impact.report_pdf import report_pdf
from maillage.impact.report_xlsx import report_xlsx
from maillage.impact.services.reports import check_period

FORMATS = (".json", ".xlsx", ".pdf")


def _day(option: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{option} must be a date written YYYY-MM-DD, got {text!r}.", returncode=2
        ) from None


class Command(BaseCommand):
    help = (
        "Write the impact report of a cluster, pole or hub: JSON, XLSX or PDF by the output "
        "file's extension. Figures below the disclosure threshold are suppressed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organiser", required=True, help="slug of the cluster, pole or hub")
        parser.add_argument("--from", dest="start", help="first day, YYYY-MM-DD (first event)")
        parser.add_argument("--to", dest="end", help="last day, YYYY-MM-DD (today)")
        parser.add_argument("--output", required=True, help="FILE.json, FILE.xlsx or FILE.pdf")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help=f"language of the labels and notes ({settings.LANGUAGE_CODE})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._write(options)

    def _write(self, options: dict[str, Any]) -> None:
        output = Path(options["output"])
        suffix = output.suffix.lower()
        if suffix not in FORMATS:
            raise CommandError(
                f"--output must end in .json, .xlsx or .pdf, got {output.name!r}.", returncode=2
            )
        if not output.parent.is_dir():
            raise CommandError(f"The folder {output.parent} does not exist.", returncode=2)
        organiser = Organisation.objects.filter(slug=options["organiser"]).first()
        if organiser is None:
            raise CommandError(
                f"No organisation has the slug {options['organiser']!r}.", returncode=2
            )
        first, today = default_period(organiser)
        start = _day("--from", options["start"]) or first
        end = _day("--to", options["end"]) or today
        try:
            check_period(start, end)
        except ValidationFailed as error:
            raise CommandError(error.text, returncode=2) from None
        report = kpi_report(organiser=organiser, start=start, end=end)
        if suffix == ".json":
            content = json.dumps(report_json(report), ensure_ascii=False, indent=2).encode()
        elif suffix == ".xlsx":
            content = report_xlsx(report)
        else:
            content = report_pdf(report)
        try:
            output.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.", returncode=2) from None
        suppressed = sum(figure.suppressed for figure in report.kpis)
        self.stdout.write(
            f"Wrote {output}: {len(report.kpis)} KPIs for {report.events} events of "
            f"{organiser.name} from {start} to {end} ({suppressed} not shown)."
        )
