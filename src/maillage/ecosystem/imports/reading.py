"""Turn the bytes of an uploaded member list (CSV or XLSX) into a header and rows of text.

Nothing here knows what the columns mean (see ``columns`` and ``validation``). Every problem with
the file as a whole raises ``ImportFileError`` with a message for the person who uploaded it:
too big, empty, not text, not a workbook, broken quoting, too many rows.

CSV files are decoded as UTF-8 (with or without a byte-order mark), else as Windows-1252, the
encoding Excel uses on Belgian Windows machines; UTF-16 with a byte-order mark (Excel's "Unicode
text") is accepted too. The separator is sniffed from the header line: ``;`` (Belgian Excel),
``,`` or a tab.
"""

import csv
import datetime
import io
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

#: Row numbers are those a spreadsheet shows: the header is row 1.
HEADER_ROW = 1

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and other OLE documents)
_CSV_SUFFIXES = (".csv", ".txt", ".tsv")
_SEPARATORS = (";", ",", "\t")
# Control characters never found in a spreadsheet's text export.
_BINARY_CHARACTERS = frozenset(chr(code) for code in range(32) if chr(code) not in "\t\n\r")


_BROKEN_WORKBOOK = gettext_lazy(
    "This file is not a valid Excel workbook: open it in Excel and save it again."
)


class ImportFileError(ValueError):
    """The file as a whole cannot be read; the message says why, for the user."""


@dataclass(frozen=True)
class ParsedFile:
    """A file's header cells and its data rows, each with its spreadsheet row number."""

    file_name: str
    #: "csv" or "xlsx".
    file_format: str
    headers: list[str]
    #: (row number, cells); blank rows are left out but keep their place in the numbering.
    rows: list[tuple[int, list[str]]]
    #: Only for CSV: the encoding and separator that were detected.
    encoding: str = ""
    separator: str = ""


#: Rows read at most, blank ones included, per data row allowed.
BLANK_ROWS_FACTOR = 2
#: Columns read from a workbook: the import knows about 25, and a cell far right (XFD) would
#: otherwise make every row 16,384 cells long.
MAX_COLUMNS = 100


def max_rows() -> int:
    return int(settings.MAILLAGE_IMPORT_MAX_ROWS)


def max_bytes() -> int:
    return int(settings.MAILLAGE_MAX_UPLOAD_BYTES)


def check_size(size: int) -> None:
    """Refuse a file above ``MAILLAGE_MAX_UPLOAD_BYTES`` (call it before reading an upload)."""
    limit = max_bytes()
    if size > limit:
        raise ImportFileError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": _megabytes(size), "limit": _megabytes(limit)}
        )


def _megabytes(size: int) -> str:
    if size < 1024:
        return ngettext("%(number)d byte", "%(number)d bytes", size) % {"number": size}
    if size < 1024 * 1024:
        return _("%(number).0f kB") % {"number": size / 1024}
    return _("%(number).1f MB") % {"number": size / (1024 * 1024)}


def read_member_file(data: bytes, file_name: str) -> ParsedFile:
    """Parse ``data`` as CSV or XLSX (by content, then by name) into a ``ParsedFile``.

    Raises ``ImportFileError`` for a file that is too big, empty, of an unsupported type,
    malformed, without data rows, or with more rows than ``MAILLAGE_IMPORT_MAX_ROWS``.
    """
    check_size(len(data))
    lower_name = file_name.lower()
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        raise ImportFileError(_("The file is empty."))
    if data.startswith(_ZIP_MAGIC):
        parsed = _read_xlsx(data, file_name)
    elif lower_name.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(
            _(
                "This file is not a valid Excel workbook (an .xlsx file is a ZIP archive; "
                "this one is not)."
            )
        )
    elif data.startswith(_OLE_MAGIC) or lower_name.endswith(".xls"):
        raise ImportFileError(
            _("Old Excel .xls files are not supported: save the sheet as .xlsx or as CSV.")
        )
    elif lower_name.endswith(_CSV_SUFFIXES) or "." not in lower_name:
        parsed = _read_csv(data, file_name)
    else:
        raise ImportFileError(_("Unsupported file type: upload a .csv or an .xlsx file."))
    if not parsed.rows:
        raise ImportFileError(_("The file has a header row but no data rows."))
    return parsed


# CSV


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)``: UTF-16 with BOM, else strict UTF-8 (BOM optional), else cp1252."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise ImportFileError(_("The file claims to be UTF-16 text but is not.")) from None
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                text, encoding = "", ""
    if not encoding or any(char in _BINARY_CHARACTERS for char in text):
        raise ImportFileError(
            _(
                "The file is not a text CSV file (it contains binary data, or text that is "
                "neither UTF-8 nor Windows-1252): export the sheet again as CSV or .xlsx."
            )
        )
    return text, encoding


def sniff_separator(text: str) -> str:
    """The separator of the first non-blank line, counting only outside quotes."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = dict.fromkeys(_SEPARATORS, 0)
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_SEPARATORS, key=lambda sep: counts[sep])  # ties go to ";" (listed first)
    return best if counts[best] else ","


def _read_csv(data: bytes, file_name: str) -> ParsedFile:
    text, encoding = decode_text(data)
    separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    try:
        headers, rows = _collect(reader)
    except csv.Error:
        raise ImportFileError(
            _(
                "The CSV file is malformed near line %(line)d: a quoted field is not closed "
                "properly, or a quote appears inside an unquoted field."
            )
            % {"line": reader.line_num}
        ) from None
    return ParsedFile(file_name, "csv", headers, rows, encoding=encoding, separator=separator)


# XLSX


def _read_xlsx(data: bytes, file_name: str) -> ParsedFile:
    # Imported here: openpyxl is heavy and only needed for workbooks.
    from openpyxl import load_workbook  # noqa: PLC0415
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    _check_unpacked_size(data)
    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it ignores; they do not matter here.
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
            raise ImportFileError(str(_BROKEN_WORKBOOK)) from None
        try:
            if not workbook.worksheets:
                raise ImportFileError(_("The workbook has no sheet."))
            sheet = workbook.worksheets[0]
            # Rows come padded to this width: the sheet's own, up to one past the limit.
            width = min(sheet.max_column or MAX_COLUMNS + 1, MAX_COLUMNS + 1)
            cells = (
                _within_columns([cell_text(value) for value in row])
                for row in sheet.iter_rows(values_only=True, max_col=width)
            )
            try:
                headers, rows = _collect(cells)
            except ImportFileError:
                raise
            except (zipfile.BadZipFile, KeyError, ValueError, TypeError):
                # A well-formed ZIP with broken sheet XML fails only while rows are read.
                raise ImportFileError(str(_BROKEN_WORKBOOK)) from None
        finally:
            workbook.close()
    return ParsedFile(file_name, "xlsx", headers, rows)


def _within_columns(cells: list[str]) -> list[str]:
    if len(cells) > MAX_COLUMNS and cells[MAX_COLUMNS]:
        raise ImportFileError(
            _("The sheet has more than %(limit)d columns; keep only the columns you import.")
            % {"limit": MAX_COLUMNS}
        )
    return cells[:MAX_COLUMNS]


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a workbook whose parts unpack to more than ``MAILLAGE_IMPORT_MAX_XLSX_BYTES``.

    A few kilobytes of ZIP can unpack to hundreds of megabytes of sheet XML, which would take
    the worker minutes and gigabytes to read. The sizes declared in the ZIP are safe to trust:
    Python's reader stops at them (and a mismatch fails its CRC check).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError):
        raise ImportFileError(str(_BROKEN_WORKBOOK)) from None
    limit = int(settings.MAILLAGE_IMPORT_MAX_XLSX_BYTES)
    if unpacked > limit:
        raise ImportFileError(
            _(
                "The workbook unpacks to %(size)d MB, more than the %(limit)d MB allowed; save "
                "only the data you import (one sheet, no images), or as CSV."
            )
            % {"size": -(-unpacked // 1_000_000), "limit": limit // 1_000_000}
        )


def cell_text(value: object) -> str:
    """A workbook cell as the text a person would type: ``4000`` not ``4000.0``, dates ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float | Decimal) and value == int(value):
        text = str(int(value))
    elif isinstance(value, datetime.datetime) and value.time() == datetime.time():
        text = value.date().isoformat()
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value)
    return text.strip()


# Shared


def _collect(lines: Iterable[list[str]]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header = first non-blank row; then the non-blank rows with their row numbers, capped.

    Each item of ``lines`` is one spreadsheet row (a CSV record, even one spanning several
    physical lines), so numbering matches what Excel shows.
    """
    limit = max_rows()
    # Blank rows cost reading time too: a file of a million empty rows is refused, not read.
    scan_limit = limit * BLANK_ROWS_FACTOR
    headers: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(lines, start=1):
        if number > scan_limit:
            raise ImportFileError(
                _(
                    "The file has more than %(limit)d rows, blank ones included; delete the "
                    "blank rows or split it into smaller files."
                )
                % {"limit": scan_limit}
            )
        cleaned = [cell.strip() for cell in cells]
        if not any(cleaned):
            continue
        if headers is None:
            headers = cleaned
            continue
        if len(rows) >= limit:
            raise ImportFileError(
                ngettext(
                    "The file has more than %(limit)d data row; split it into smaller files.",
                    "The file has more than %(limit)d data rows; split it into smaller files.",
                    limit,
                )
                % {"limit": limit}
            )
        rows.append((number, cleaned))
    if headers is None:
        raise ImportFileError(_("The file is empty."))
    while headers and not headers[-1]:
        headers.pop()
    return headers, rows
