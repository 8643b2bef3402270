"""Spreadsheet exports whose cells can never run as formulas (CSV and XLSX).

Excel, LibreOffice and Google Sheets take a cell that starts with ``=``, ``+``, ``-`` or ``@``
(and, after stripping, a tab or carriage return first) for a formula: a participant who calls
themself ``=HYPERLINK("https://evil.example", "Click")`` would put a live link, or worse, into
the organiser's file. Every export of the platform writes its cells through this module:

- ``neutralise`` for text formats (CSV): such a value gets a leading apostrophe, which the
  spreadsheet hides and treats as "text follows", and which the member importer removes again
  (``restore``), so an exported file imports back unchanged;
- ``xlsx_cells`` for workbooks: every string is a text cell (never a formula), and a risky one
  carries Excel's "quote prefix" flag, so the value stays exactly as typed but editing the cell
  in Excel cannot turn it into a formula either.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

#: What a spreadsheet reads as the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What ``neutralise`` makes of such a start (the importer recognises and undoes it).
NEUTRALISED_STARTS = tuple(f"'{start}" for start in FORMULA_STARTS)

type Cell = str | int | float | None


def is_formula_like(value: str) -> bool:
    return value.startswith(FORMULA_STARTS)


def neutralise(value: str) -> str:
    """The text a CSV cell may hold: formula-like values get a leading apostrophe."""
    return f"'{value}" if is_formula_like(value) else value


def restore(value: str) -> str:
    """Undo ``neutralise`` (for files that come back through an import)."""
    return value[1:] if value.startswith(NEUTRALISED_STARTS) else value


def csv_row(row: Iterable[Cell]) -> list[str]:
    """One CSV row of ``row``'s values, empty for None, neutralised."""
    return [neutralise("" if value is None else str(value)) for value in row]


def csv_bytes(
    header: Sequence[str], rows: Iterable[Iterable[Cell]], *, delimiter: str = ","
) -> bytes:
    """A whole CSV file, UTF-8 with a byte-order mark (Excel reads accents right)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(csv_row(header))
    writer.writerows(csv_row(row) for row in rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_cells(sheet: "WriteOnlyWorksheet", row: Iterable[Cell]) -> list[object]:
    """The cells of one row of a write-only sheet: numbers as numbers, strings as text only."""
    cells: list[object] = []
    for value in row:
        if not isinstance(value, str):
            cells.append(value)
            continue
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        if not text:
            cells.append(None)  # empty cells are left out
        elif is_formula_like(text):
            # openpyxl would store "=..." as a formula: force a text cell, and flag it as
            # Excel does for a typed '=..., so editing it later keeps it text.
            cell = WriteOnlyCell(sheet, value=text)
            cell.data_type = "s"
            cell.quotePrefix = True
            cells.append(cell)
        else:
            cells.append(text)
    return cells


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Iterable[Cell]]) -> bytes:
    """A one-sheet workbook, every cell written by ``xlsx_cells``."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(xlsx_cells(sheet, header))
    for row in rows:
        sheet.append(xlsx_cells(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
