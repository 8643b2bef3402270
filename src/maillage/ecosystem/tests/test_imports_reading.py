"""Reading member files: encodings, separators, workbooks, and every way a file can be refused."""

import datetime
import zipfile
from io import BytesIO

import pytest

from maillage.ecosystem.imports.reading import (
    ImportFileError,
    decode_text,
    read_member_file,
    sniff_separator,
)
from maillage.ecosystem.tests.import_helpers import csv_bytes, english, xlsx_bytes

pytestmark = pytest.mark.usefixtures("english")
__all__ = ["english"]

ROWS = [["nom", "ville"], ["Société Liège", "Liège"], ["Ørsted Belgique", "Namur"]]
EXPECTED = [(2, ["Société Liège", "Liège"]), (3, ["Ørsted Belgique", "Namur"])]


@pytest.mark.parametrize(
    ("data", "encoding", "separator"),
    [
        (csv_bytes(ROWS, separator=";", encoding="utf-8"), "utf-8", ";"),
        (csv_bytes(ROWS, separator=",", encoding="utf-8"), "utf-8", ","),
        (b"\xef\xbb\xbf" + csv_bytes(ROWS, separator=";"), "utf-8", ";"),
        (b"\xef\xbb\xbf" + csv_bytes(ROWS, separator=","), "utf-8", ","),
        (csv_bytes(ROWS, separator=";", encoding="cp1252"), "cp1252", ";"),
        (csv_bytes(ROWS, separator=",", encoding="cp1252"), "cp1252", ","),
        (csv_bytes(ROWS, separator="\t", encoding="utf-16"), "utf-16", "\t"),
    ],
    ids=[
        "utf8-semicolon",
        "utf8-comma",
        "bom-semicolon",
        "bom-comma",
        "cp1252-semicolon",
        "cp1252-comma",
        "utf16-tab",
    ],
)
def test_read_csv_encoding_and_separator_variants(
    data: bytes, encoding: str, separator: str
) -> None:
    parsed = read_member_file(data, "membres.csv")
    assert (parsed.encoding, parsed.separator) == (encoding, separator)
    assert parsed.headers == ["nom", "ville"]
    assert parsed.rows == EXPECTED


def test_read_csv_cp1252_bytes_are_liege_with_grave_accent() -> None:
    data = b"nom;ville\r\nCHU de Li\xe8ge;Li\xe8ge\r\n"
    parsed = read_member_file(data, "membres.csv")
    assert parsed.rows == [(2, ["CHU de Liège", "Liège"])]
    assert parsed.encoding == "cp1252"


def test_read_csv_quoted_fields_with_separators_quotes_and_newlines() -> None:
    data = (
        b'nom;description\r\n"Dupont; Fils & Cie";"Il a dit ""bonjour""\r\nsur deux lignes"\r\n'
        b"Suivante;ok\r\n"
    )
    parsed = read_member_file(data, "m.csv")
    # The quoted record spans two physical lines but is one spreadsheet row.
    assert parsed.rows == [
        (2, ["Dupont; Fils & Cie", 'Il a dit "bonjour"\r\nsur deux lignes']),
        (3, ["Suivante", "ok"]),
    ]


def test_read_csv_blank_lines_keep_spreadsheet_numbering() -> None:
    data = b"nom;ville\r\nA;X\r\n\r\n;\r\nB;Y\r\n"
    assert read_member_file(data, "m.csv").rows == [(2, ["A", "X"]), (5, ["B", "Y"])]


def test_sniff_separator_ignores_separators_inside_quotes() -> None:
    assert sniff_separator('"nom, raison sociale";ville;pays\r\n') == ";"
    assert sniff_separator('"a;b",c,d\n') == ","
    assert sniff_separator("nom\n") == ","


def test_decode_text_prefers_strict_utf8() -> None:
    assert decode_text("Liège".encode()) == ("Liège", "utf-8")
    assert decode_text("Liège".encode("cp1252")) == ("Liège", "cp1252")


def test_read_xlsx_first_sheet_header_row_and_typed_cells() -> None:
    data = xlsx_bytes(
        [
            ["Nom", "Code postal", "Membre depuis", "BCE"],
            ["Liège Robotics", 4000, datetime.date(2021, 3, 4), 403170701],
            [None, None, None, None],
            ["Namur Labs", 5000.0, None, "0403.170.701"],
        ],
        sheets=2,
    )
    parsed = read_member_file(data, "membres.xlsx")
    assert parsed.file_format == "xlsx"
    assert parsed.headers == ["Nom", "Code postal", "Membre depuis", "BCE"]
    assert parsed.rows == [
        (2, ["Liège Robotics", "4000", "2021-03-04", "403170701"]),
        (4, ["Namur Labs", "5000", "", "0403.170.701"]),
    ]


def test_read_xlsx_detected_by_content_whatever_the_name() -> None:
    data = xlsx_bytes([["nom"], ["A"]])
    assert read_member_file(data, "export.csv").file_format == "xlsx"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "m.csv", "The file is empty."),
        (b"\xef\xbb\xbf\r\n  \r\n", "m.csv", "The file is empty."),
        (b"nom;ville\r\n", "m.csv", "The file has a header row but no data rows."),
        (
            b"just some text",
            "m.xlsx",
            "This file is not a valid Excel workbook (an .xlsx file is a ZIP archive; "
            "this one is not).",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest",
            "m.xls",
            "Old Excel .xls files are not supported: save the sheet as .xlsx or as CSV.",
        ),
        (b"%PDF-1.7", "m.pdf", "Unsupported file type: upload a .csv or an .xlsx file."),
        (
            b"nom;ville\r\n\x00\x01\x02\x03binary",
            "m.csv",
            "The file is not a text CSV file (it contains binary data, or text that is neither "
            "UTF-8 nor Windows-1252): export the sheet again as CSV or .xlsx.",
        ),
        (
            b"nom;ville\r\nA\x81\x8d\x8f\x90\x9d;B\r\n",
            "m.csv",
            "The file is not a text CSV file (it contains binary data, or text that is neither "
            "UTF-8 nor Windows-1252): export the sheet again as CSV or .xlsx.",
        ),
        (
            b'nom;ville\r\n"Dupont" SA;Li\xc3\xa8ge\r\n',
            "m.csv",
            "The CSV file is malformed near line 2: a quoted field is not closed properly, "
            "or a quote appears inside an unquoted field.",
        ),
        (
            b'nom;ville\r\nA;B\r\n"never closed;C\r\n',
            "m.csv",
            "The CSV file is malformed near line 3: a quoted field is not closed properly, "
            "or a quote appears inside an unquoted field.",
        ),
    ],
    ids=[
        "empty",
        "blank",
        "header-only",
        "xlsx-not-zip",
        "xls",
        "pdf",
        "binary",
        "garbage",
        "stray-quote",
        "unclosed-quote",
    ],
)
def test_read_member_file_refuses_bad_files(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ImportFileError) as error:
        read_member_file(data, name)
    assert str(error.value) == message


def test_read_xlsx_zip_that_is_not_a_workbook() -> None:
    output = BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    with pytest.raises(ImportFileError) as error:
        read_member_file(output.getvalue(), "m.xlsx")
    assert str(error.value) == (
        "This file is not a valid Excel workbook: open it in Excel and save it again."
    )


def test_read_xlsx_truncated_zip() -> None:
    data = xlsx_bytes([["nom"], ["A"]])[:400]
    with pytest.raises(ImportFileError) as error:
        read_member_file(data, "m.xlsx")
    assert str(error.value) == (
        "This file is not a valid Excel workbook: open it in Excel and save it again."
    )


def test_read_member_file_refuses_oversized_file(settings: object) -> None:
    settings.MAILLAGE_MAX_UPLOAD_BYTES = 1024 * 1024  # type: ignore[attr-defined]
    data = b"nom\r\n" + b"A\r\n" * (600 * 1024)
    with pytest.raises(ImportFileError) as error:
        read_member_file(data, "m.csv")
    assert str(error.value) == "The file is 1.8 MB; the limit is 1.0 MB."


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_read_member_file_refuses_too_many_rows(settings: object, make: object) -> None:
    settings.MAILLAGE_IMPORT_MAX_ROWS = 3  # type: ignore[attr-defined]
    rows = [["nom"], ["A"], ["B"], ["C"], ["D"]]
    with pytest.raises(ImportFileError) as error:
        read_member_file(make(rows), "m.csv")  # type: ignore[operator]
    assert str(error.value) == "The file has more than 3 data rows; split it into smaller files."
    settings.MAILLAGE_IMPORT_MAX_ROWS = 4  # type: ignore[attr-defined]
    assert len(read_member_file(make(rows), "m.csv").rows) == 4  # type: ignore[operator]
