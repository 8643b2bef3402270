"""Building member-list files in tests: real bytes, as Excel and LibreOffice write them."""

import io
from collections.abc import Iterator, Sequence

import pytest
from django.utils import translation
from openpyxl import Workbook

from maillage.conftest import Cast

HEADER = ["nom", "numéro d'entreprise", "type", "code postal", "ville", "domaines"]


def csv_bytes(
    rows: Sequence[Sequence[str]], *, separator: str = ";", encoding: str = "utf-8"
) -> bytes:
    """Rows joined by ``separator`` with CRLF line ends; cells containing the separator or a
    quote are quoted, as Excel does."""
    lines = []
    for row in rows:
        cells = []
        for cell in row:
            if separator in cell or '"' in cell or "\n" in cell:
                cells.append('"' + cell.replace('"', '""') + '"')
            else:
                cells.append(cell)
        lines.append(separator.join(cells))
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows: Sequence[Sequence[object]], *, sheets: int = 1) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    for number in range(1, sheets):
        workbook.create_sheet(f"Other {number}").append(["ignored"])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@pytest.fixture
def english() -> Iterator[None]:
    """Messages in English whatever catalogue is compiled (the default language is French)."""
    with translation.override("en"):
        yield


def be_number(seed: int) -> str:
    """A valid Belgian enterprise number ``04xx.xxx.xxx`` derived from ``seed``."""
    base = 4_000_000 + seed
    digits = f"{base:08d}{97 - base % 97:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


@pytest.fixture
def fast_passwords(settings: object) -> None:
    """The standing users are created with a password; hash it cheaply in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture
def static_root(settings: object, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Pages render without ``collectstatic``: plain static storage (no manifest) and an
    existing STATIC_ROOT (WhiteNoise warns, an error in tests, when it is missing)."""
    settings.STATIC_ROOT = tmp_path_factory.mktemp("static")  # type: ignore[attr-defined]
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def cast(cast: Cast) -> Cast:
    """The standing cast, with a valid Belgian number on Alice's organisation."""
    cast.alice_org.enterprise_number = be_number(1).replace(".", "")
    cast.alice_org.save(update_fields=["enterprise_number"])
    return cast
