"""Exchange with the Commission's EDIH tool: the answers as its CSV, and its XLSX results in.

Export: one row per completed questionnaire, in the tool's column layout: time point,
assessment date, enterprise name, VAT number, then one column per answer item (the item ids:
a dual checkbox row gives its ticked columns joined by "|", a checkbox option 1 or 0, a scale
row its value, blank when blank).

Import: the tool's result export, one row per company and one column per dimension (D1..D6 or
the dimension's English or French name; "time point", "assessment date", "enterprise name",
"VAT number", and an optional overall score). The file is read by the member import's reader
(``ecosystem.imports.reading``: CSV or XLSX, encodings, row numbers as the spreadsheet shows
them); every row is checked first (the dry run), and the commit writes all rows or none.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser
from maillage.core.progress import Progress, no_progress
from maillage.ecosystem.identifiers import (
    InvalidIdentifierError,
    normalise_enterprise_number,
    normalise_vat_number,
)
from maillage.ecosystem.imports.reading import ImportFileError, ParsedFile, read_member_file
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.text import fold
from maillage.maturity import permissions
from maillage.maturity.benchmark import DIMENSIONS
from maillage.maturity.dma import Questionnaire, load_questionnaire
from maillage.maturity.dma.questionnaire import CURRENT_VERSION
from maillage.maturity.models import Assessment, AssessmentScore

LEAD_COLUMNS = ("time_point", "assessment_date", "enterprise_name", "vat_number")
#: The tool exports one row per company of a hub: a few hundred. Checked in the request (a
#: 2,000-row file takes well under a second, docs/benchmarks.md); larger files are refused.
MAX_IMPORT_ROWS = 2000
#: An overall score may differ this much from the mean of the six (the tool rounds).
OVERALL_TOLERANCE = 0.6


def vat_of(organisation: Organisation) -> str:
    if organisation.enterprise_number:
        return f"BE{organisation.enterprise_number}"
    return organisation.vat_number


def _item_columns(questionnaire: Questionnaire) -> list[str]:
    return [item for q in questionnaire.questions.values() for item in q.item_ids]


def _cells(questionnaire: Questionnaire, answers: dict[str, object]) -> list[str]:
    cells = []
    for question in questionnaire.questions.values():
        answer = answers.get(question.id)
        for item in question.item_ids:
            if question.type == "dual_checkbox":
                ticked = answer.get(item, []) if isinstance(answer, dict) else []
                cells.append("|".join(ticked))
            elif question.type == "checkbox":
                cells.append("1" if isinstance(answer, list) and item in answer else "0")
            else:
                value = answer.get(item) if isinstance(answer, dict) else None
                cells.append("" if value is None else f"{value:g}")
    return cells


def edih_csv(assessments: Iterable[Assessment]) -> str:
    """The answers of completed questionnaires in the EDIH tool's layout (imported results,
    which have no answers, are left out)."""
    questionnaire = load_questionnaire(CURRENT_VERSION)
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow([*LEAD_COLUMNS, *_item_columns(questionnaire)])
    for assessment in assessments:
        if assessment.source != Assessment.Source.QUESTIONNAIRE or not assessment.completed:
            continue
        writer.writerow(
            [
                assessment.time_point,
                assessment.assessed_on.isoformat() if assessment.assessed_on else "",
                assessment.organisation.name,
                vat_of(assessment.organisation),
                *_cells(load_questionnaire(assessment.questionnaire_version), assessment.answers),
            ]
        )
    return stream.getvalue()


# Import


def _header_names(questionnaire: Questionnaire) -> dict[str, str]:
    names = {
        "time point": "time_point",
        "timepoint": "time_point",
        "t": "time_point",
        "moment": "time_point",
        "assessment date": "assessment_date",
        "date": "assessment_date",
        "date de l evaluation": "assessment_date",
        "enterprise name": "enterprise_name",
        "name": "enterprise_name",
        "company": "enterprise_name",
        "organisation": "enterprise_name",
        "nom": "enterprise_name",
        "entreprise": "enterprise_name",
        "vat number": "vat_number",
        "vat": "vat_number",
        "tva": "vat_number",
        "numero de tva": "vat_number",
        "enterprise number": "vat_number",
        "numero d entreprise": "vat_number",
        "overall": "overall",
        "overall score": "overall",
        "dma score": "overall",
        "score global": "overall",
        "average": "overall",
    }
    for dimension in questionnaire.dimensions:
        names[fold(dimension.id)] = dimension.id
        for label in dimension.label.values():
            names[fold(label)] = dimension.id
    return {fold(alias): name for alias, name in names.items()}


@dataclass
class ImportRow:
    number: int
    name: str
    errors: list[str] = field(default_factory=list)
    organisation: Organisation | None = None
    sequence: int = 0
    assessed_on: date | None = None
    scores: dict[str, float] = field(default_factory=dict)
    overall: float = 0.0

    @property
    def action(self) -> str:
        return _("add T%(n)d") % {"n": self.sequence} if not self.errors else ""


@dataclass
class ImportPreview:
    file_name: str
    file_errors: list[str] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.file_errors and bool(self.rows) and not any(r.errors for r in self.rows)

    @property
    def error_rows(self) -> list[ImportRow]:
        return [row for row in self.rows if row.errors]


_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?\s*%?$")


def _score(text: str) -> float | None:
    if not _NUMBER.match(text.strip()):
        return None
    return float(text.strip().rstrip("%").strip().replace(",", "."))


def _date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def _find(name: str, identifier: str, row: ImportRow) -> Organisation | None:
    if identifier:
        text = identifier.strip().upper()
        try:
            if text.startswith("BE") or text[:1].isdigit():
                found = Organisation.objects.filter(
                    enterprise_number=normalise_enterprise_number(text)
                ).first()
            else:
                found = Organisation.objects.filter(vat_number=normalise_vat_number(text)).first()
        except InvalidIdentifierError as error:
            row.errors.append(
                _("VAT number %(value)s: %(error)s") % {"value": identifier, "error": error}
            )
            return None
        if found is None:
            row.errors.append(
                _("No organisation of the directory has the VAT number %(value)s.")
                % {"value": identifier}
            )
        return found
    matches = list(Organisation.objects.filter(name__iexact=name.strip()))
    if len(matches) == 1:
        return matches[0]
    row.errors.append(
        _("No single organisation of the directory is named “%(name)s”: give its VAT number.")
        % {"name": name}
    )
    return None


def _check_row(
    row: ImportRow, values: dict[str, str], actor: AnyUser, next_sequence: dict[int, int]
) -> None:
    organisation = _find(values.get("enterprise_name", ""), values.get("vat_number", ""), row)
    if organisation is not None:
        row.organisation = organisation
        if not permissions.can_fill_assessment(actor, organisation):
            row.errors.append(
                _("You do not follow %(name)s: its results cannot be imported by you.")
                % {"name": organisation.display_name}
            )
    for dimension in DIMENSIONS:
        raw = values.get(dimension, "")
        value = _score(raw) if raw else None
        if not raw:
            row.errors.append(_("The score of %(d)s is missing.") % {"d": dimension})
        elif value is None or not 0 <= value <= 100:
            row.errors.append(
                _("The score of %(d)s must be a number from 0 to 100, not “%(value)s”.")
                % {"d": dimension, "value": raw}
            )
        else:
            row.scores[dimension] = value
    if len(row.scores) == len(DIMENSIONS):
        row.overall = sum(row.scores.values()) / len(DIMENSIONS)
        given = values.get("overall", "")
        stated = _score(given) if given else None
        if given and (stated is None or abs(stated - row.overall) > OVERALL_TOLERANCE):
            row.errors.append(
                _("The overall score %(value)s is not the mean of the six dimensions (%(mean).1f).")
                % {"value": given, "mean": row.overall}
            )
    _check_date(row, values.get("assessment_date", ""))
    if organisation is not None:
        _check_time_point(row, organisation, values.get("time_point", ""), next_sequence)


def _check_date(row: ImportRow, when: str) -> None:
    row.assessed_on = _date(when) if when else timezone.localdate()
    if row.assessed_on is None:
        row.errors.append(
            _("The assessment date “%(value)s” is not a date (YYYY-MM-DD or DD/MM/YYYY).")
            % {"value": when}
        )
    elif row.assessed_on > timezone.localdate():
        row.errors.append(_("The assessment date is in the future."))


def _check_time_point(
    row: ImportRow, organisation: Organisation, given: str, next_sequence: dict[int, int]
) -> None:
    point = given.strip().upper().removeprefix("T")
    expected = next_sequence.get(organisation.pk)
    if expected is None:
        last = Assessment.objects.filter(organisation=organisation).aggregate(n=Max("sequence"))
        expected = 0 if last["n"] is None else last["n"] + 1
    if point and (not point.isdigit() or int(point) != expected):
        row.errors.append(
            _("%(name)s's next time point is T%(expected)d, not “%(value)s”.")
            % {
                "name": organisation.display_name,
                "expected": expected,
                "value": given,
            }
        )
    row.sequence = expected
    next_sequence[organisation.pk] = expected + 1


def preview_results(
    *, actor: AnyUser, data: bytes, file_name: str, progress: Progress = no_progress
) -> ImportPreview:
    """The dry run: read the file and check every row, writing nothing."""
    preview = ImportPreview(file_name=file_name)
    try:
        parsed: ParsedFile = read_member_file(data, file_name)
    except ImportFileError as error:
        preview.file_errors.append(str(error))
        return preview
    if len(parsed.rows) > MAX_IMPORT_ROWS:
        preview.file_errors.append(
            _("The file has %(n)d rows; import at most %(max)d at a time.")
            % {"n": len(parsed.rows), "max": MAX_IMPORT_ROWS}
        )
        return preview
    names = _header_names(load_questionnaire(CURRENT_VERSION))
    columns = [names.get(fold(header), "") for header in parsed.headers]
    missing = [d for d in DIMENSIONS if d not in columns]
    if "enterprise_name" not in columns and "vat_number" not in columns:
        missing.insert(0, _("enterprise name or VAT number"))
    if missing:
        preview.file_errors.append(
            _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
        return preview
    next_sequence: dict[int, int] = {}
    for position, (number, cells) in enumerate(parsed.rows):
        progress(
            position / len(parsed.rows),
            _("Checking row %(n)d of %(total)d") % {"n": position + 1, "total": len(parsed.rows)},
        )
        values = {
            column: cell for column, cell in zip(columns, cells, strict=False) if column and cell
        }
        row = ImportRow(number=number, name=values.get("enterprise_name", ""))
        _check_row(row, values, actor, next_sequence)
        preview.rows.append(row)
    return preview


class ImportRejected(Exception):  # noqa: N818 - reads as "raise ImportRejected"
    def __init__(self, preview: ImportPreview) -> None:
        super().__init__(preview.file_name)
        self.preview = preview


def import_results(
    *,
    actor: AnyUser,
    hub: Organisation,
    data: bytes,
    file_name: str,
    progress: Progress = no_progress,
) -> list[Assessment]:
    """Check the file again and add every row as a completed, imported assessment of the hub;
    all or nothing (``ImportRejected`` carries the preview when a row is wrong)."""
    if not permissions.is_hub_person(actor, hub):
        raise PermissionDenied(permissions.HUB_REFUSED)
    with transaction.atomic():
        preview = preview_results(
            actor=actor,
            data=data,
            file_name=file_name,
            progress=lambda fraction, stage: progress(fraction / 2, stage),
        )
        if not preview.ok:
            raise ImportRejected(preview)
        created = []
        now = timezone.now()
        for position, row in enumerate(preview.rows):
            progress(
                0.5 + position / len(preview.rows) / 2,
                _("Importing row %(n)d of %(total)d")
                % {"n": position + 1, "total": len(preview.rows)},
            )
            assert row.organisation is not None
            previous = (
                Assessment.objects.filter(
                    organisation=row.organisation, status=Assessment.Status.COMPLETED
                )
                .exclude(Q(next__isnull=False))
                .order_by("-sequence")
                .first()
            )
            assessment = Assessment.objects.create(
                organisation=row.organisation,
                sequence=row.sequence,
                previous=previous,
                hub=hub,
                questionnaire_version=CURRENT_VERSION,
                status=Assessment.Status.COMPLETED,
                source=Assessment.Source.IMPORT,
                assessed_on=row.assessed_on,
                completed_at=now,
            )
            values = [row.scores[d] for d in DIMENSIONS]
            assessment.score = AssessmentScore.objects.create(
                assessment=assessment,
                rules_version=AssessmentScore.IMPORTED,
                d1=values[0],
                d2=values[1],
                d3=values[2],
                d4=values[3],
                d5=values[4],
                d6=values[5],
                overall=row.overall,
            )
            assessment.save(update_fields=["score"])
            created.append(assessment)
    return created
