"""Workbooks built to exhaust the worker are refused before they are read to the end."""

import io
import zipfile
from typing import Any

import pytest

from maillage.ecosystem.imports.reading import (
    BLANK_ROWS_FACTOR,
    MAX_COLUMNS,
    ImportFileError,
    read_member_file,
)
from maillage.ecosystem.tests.import_helpers import english, xlsx_bytes

pytestmark = pytest.mark.usefixtures("english")
__all__ = ["english"]


def test_workbook_unpacking_past_the_limit_is_refused(settings: Any) -> None:
    settings.MAILLAGE_IMPORT_MAX_XLSX_BYTES = 2_000_000
    # 120 cells of 30,000 characters (a cell holds at most 32,767).
    data = xlsx_bytes([["name", "description"], *(["A", "x" * 30_000] for _ in range(120))])
    assert len(data) < 100_000  # compresses well: only the unpacked size tells
    with pytest.raises(ImportFileError) as refused:
        read_member_file(data, "big.xlsx")
    assert str(refused.value) == (
        "The workbook unpacks to 4 MB, more than the 2 MB allowed; save only the data you "
        "import (one sheet, no images), or as CSV."
    )


def test_many_blank_rows_are_refused_after_a_bounded_scan(settings: Any) -> None:
    settings.MAILLAGE_IMPORT_MAX_ROWS = 50
    data = _blank_rows_workbook(300)
    with pytest.raises(ImportFileError) as refused:
        read_member_file(data, "blank.xlsx")
    limit = 50 * BLANK_ROWS_FACTOR
    assert str(refused.value) == (
        f"The file has more than {limit} rows, blank ones included; delete the blank rows or "
        "split it into smaller files."
    )


def test_a_cell_far_right_is_refused_not_read_as_16384_columns() -> None:
    far = [None] * (MAX_COLUMNS - 1) + ["surprise"]  # column MAX_COLUMNS + 1
    data = xlsx_bytes([["name"], ["A", *far]])
    with pytest.raises(ImportFileError) as refused:
        read_member_file(data, "wide.xlsx")
    assert str(refused.value) == (
        f"The sheet has more than {MAX_COLUMNS} columns; keep only the columns you import."
    )


def test_ordinary_workbook_still_reads() -> None:
    parsed = read_member_file(xlsx_bytes([["name", "city"], ["Alpha SA", "Liège"]]), "ok.xlsx")
    assert (parsed.headers, parsed.rows) == (["name", "city"], [(2, ["Alpha SA", "Liège"])])


def _blank_rows_workbook(blank: int) -> bytes:
    """A header, one data row, then ``blank`` rows holding only empty strings (what some
    tools write), with no dimension to tell the reader where the data ends."""
    base = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["name"], ["A"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in base.infolist():
            content = base.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                text = content.decode()
                extra = "".join(
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t></t></is></c></row>'
                    for n in range(3, 3 + blank)
                )
                text = text.replace("</sheetData>", extra + "</sheetData>")
                for start in range(len(text)):
                    if text.startswith("<dimension", start):
                        end = text.index("/>", start) + 2
                        text = text[:start] + text[end:]
                        break
                content = text.encode()
            archive.writestr(info.filename, content)
    return out.getvalue()
