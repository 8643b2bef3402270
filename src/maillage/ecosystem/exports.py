"""Export any list of organisations to CSV or XLSX, in the import's column vocabulary.

The columns are the canonical import columns (``imports.columns``), so an exported file imports
back cleanly (every row then matches its organisation and changes nothing). Contacts are never
exported: their details are personal data shown only under the visibility rules.

CSV files are written the way Belgian Excel reads them when double-clicked: UTF-8 *with* a
byte-order mark (without it Excel assumes Windows-1252 and garbles accents) and ``;`` as the
separator (the list separator of French- and Dutch-speaking Windows). Cells are written by
``core.spreadsheets``, so none can run as a formula (a leading apostrophe in CSV, which the
importer removes again; text cells in XLSX).

Both formats stream: organisations are read in chunks, the CSV is produced chunk by chunk, and
the XLSX is written by openpyxl's write-only mode into a temporary file spooled to disk.
"""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

from django.db.models import Prefetch
from openpyxl import Workbook

from maillage.core.spreadsheets import csv_row, xlsx_cells
from maillage.ecosystem.directory import walk
from maillage.ecosystem.identifiers import format_enterprise_number
from maillage.ecosystem.imports.columns import CANONICAL_NAMES, DESCRIPTION_LANGUAGES
from maillage.ecosystem.models import Membership, Organisation

type ExportFormat = Literal["csv", "xlsx"]

CONTENT_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CSV_SEPARATOR = ";"
_CHUNK = 500
_SPOOL_BYTES = 4 * 1024 * 1024


def export_rows(ids: Sequence[int], *, network: Organisation | None = None) -> Iterator[list[str]]:
    """The header, then one row of text per organisation of ``ids``, in that order, with the
    columns in ``CANONICAL_NAMES`` order.

    With ``network``, the membership columns give the role and start date of the current
    membership of that network (an ended one is no membership). Queries: one per chunk of 500
    organisations, plus one per relation per chunk.
    """
    queryset = Organisation.objects.prefetch_related("domains", "nace_codes")
    if network is not None:
        queryset = queryset.prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.current().filter(network=network),
                to_attr="export_memberships",
            )
        )
    yield list(CANONICAL_NAMES)
    for organisation in walk(queryset, ids, _CHUNK):
        values = _values(organisation)
        yield [values.get(column, "") for column in CANONICAL_NAMES]


def _values(organisation: Organisation) -> dict[str, str]:
    values = {
        "name": organisation.name,
        "short_name": organisation.short_name,
        "kind": organisation.kind,
        "enterprise_number": format_enterprise_number(organisation.enterprise_number),
        "vat_number": organisation.vat_number,
        "country": organisation.country,
        "address": organisation.address,
        "postcode": organisation.postcode,
        "city": organisation.city,
        "website": organisation.website,
        "size": organisation.size_band,
        "nace": "|".join(sorted(code.code for code in organisation.nace_codes.all())),
        "domains": "|".join(sorted(domain.code for domain in organisation.domains.all())),
    }
    for language in DESCRIPTION_LANGUAGES:
        values[f"description_{language}"] = str(organisation.descriptions.get(language, ""))
    links: list[Membership] = getattr(organisation, "export_memberships", [])
    if links:
        values["membership_role"] = links[0].role
        values["member_since"] = links[0].start_date.isoformat() if links[0].start_date else ""
    return values


def export_organisations(
    ids: Sequence[int],
    file_format: ExportFormat,
    *,
    network: Organisation | None = None,
) -> Iterator[bytes]:
    """The file's bytes, in pieces, for a streaming response or a file."""
    rows = export_rows(ids, network=network)
    if file_format == "csv":
        return _csv_chunks(rows)
    if file_format == "xlsx":
        return _xlsx_chunks(rows)
    raise ValueError(f"Unknown export format {file_format!r}")


def _csv_chunks(rows: Iterable[list[str]]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_SEPARATOR, lineterminator="\r\n")
    yield "\ufeff".encode()
    for count, row in enumerate(rows, start=1):
        writer.writerow(csv_row(row))
        if count % _CHUNK == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _xlsx_chunks(rows: Iterable[list[str]]) -> Iterator[bytes]:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("organisations")
    for row in rows:
        # Strings are text cells, so 0403.170.701 and 4000 stay as typed.
        sheet.append(xlsx_cells(sheet, row))
    with tempfile.SpooledTemporaryFile(max_size=_SPOOL_BYTES) as output:
        workbook.save(output)
        output.seek(0)
        while chunk := output.read(64 * 1024):
            yield chunk
