"""``maillage import_members``: preview by default, ``--commit`` to write, exit code 2 on errors."""

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.core.management import base as management_base

from maillage.cli import main
from maillage.conftest import Cast
from maillage.ecosystem.models import ImportBatch, Organisation
from maillage.ecosystem.tests.import_helpers import csv_bytes, english, fast_passwords, xlsx_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords", "english")]
__all__ = ["english", "fast_passwords"]


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_members", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_members_dry_run_prints_preview_and_writes_nothing(
    cast: Cast, tmp_path: Path
) -> None:
    path = write(
        tmp_path,
        "m.csv",
        csv_bytes([["nom", "ville"], ["Eta SRL", "Mons"], ["Bob Logistics", "Namur"]]),
    )
    before = Organisation.objects.count()
    out, err = run(cast.cluster.slug, str(path), "--dry-run")
    assert out.splitlines() == [
        "m.csv: 2 rows; 1 to create, 0 to update, 0 to add as members only, 1 unchanged, "
        "0 with errors.",
        "row 2: Eta SRL: create",
        '    warning: kind: No kind given: it will be created as "other".',
        "row 3: Bob Logistics: no change (matches Bob Logistics SA by name)",
        '    warning: city: The file says "Namur" but the directory has "Liège"; '
        "the directory's value is kept.",
        "Dry run: nothing was written (use --commit to import).",
    ]
    assert err == ""
    assert Organisation.objects.count() == before


def test_import_members_commit_writes(cast: Cast, tmp_path: Path) -> None:
    path = write(tmp_path, "m.xlsx", xlsx_bytes([["Nom", "Type"], ["Theta", "PME"]]))
    out, _err = run(cast.cluster.slug, str(path), "--commit")
    batch = ImportBatch.objects.get()
    assert out.splitlines()[-1] == (
        f"Imported m.xlsx into Alpha: 1 created, 0 updated, 0 memberships added, 0 unchanged "
        f"(batch {batch.pk})."
    )
    assert (batch.source, batch.imported_by) == ("cli", None)
    assert Organisation.objects.filter(name="Theta", kind="sme").exists()


def test_import_members_row_errors_exit_code_2(cast: Cast, tmp_path: Path) -> None:
    data = csv_bytes([["nom", "BCE"], ["Iota", "0403.170.702"], ["Kappa", ""]])
    path = write(tmp_path, "m.csv", data)
    before = Organisation.objects.count()
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command(
            "import_members",
            cast.cluster.slug,
            str(path),
            "--commit",
            stdout=StringIO(),
            stderr=err,
        )
    assert error.value.returncode == 2
    assert str(error.value) == "The file has errors; nothing was written."
    assert err.getvalue().splitlines() == [
        "Row 2: enterprise_number: The check digits of 0403.170.702 are wrong (expected 01)."
    ]
    assert Organisation.objects.count() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (csv_bytes([["nom", "fax"], ["A", "1"]]), 'Unknown columns: "fax".'),
        (b"not a workbook", "This file is not a valid Excel workbook"),
    ],
)
def test_import_members_file_errors_exit_code_2(
    cast: Cast, tmp_path: Path, data: bytes, message: str
) -> None:
    name = "m.xlsx" if data.startswith(b"not") else "m.csv"
    path = write(tmp_path, name, data)
    err = StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import_members", cast.cluster.slug, str(path), stdout=StringIO(), stderr=err)
    assert error.value.returncode == 2
    assert err.getvalue().startswith(message)
    assert ImportBatch.objects.count() == 0


def test_import_members_unknown_network_and_missing_file(cast: Cast, tmp_path: Path) -> None:
    path = write(tmp_path, "m.csv", csv_bytes([["nom"], ["A"]]))
    with pytest.raises(CommandError) as error:
        run("no-such-cluster", str(path))
    assert (error.value.returncode, str(error.value)) == (
        2,
        "No cluster or pole has the slug 'no-such-cluster'.",
    )
    with pytest.raises(CommandError) as error:
        run(cast.alice_org.slug, str(path))
    assert error.value.returncode == 2
    with pytest.raises(CommandError) as error:
        run(cast.cluster.slug, str(tmp_path / "absent.csv"))
    assert (error.value.returncode, str(error.value)) == (
        2,
        f"Cannot read {tmp_path / 'absent.csv'}: No such file or directory.",
    )


def test_import_members_oversized_file(cast: Cast, tmp_path: Path, settings: object) -> None:
    settings.MAILLAGE_MAX_UPLOAD_BYTES = 4  # type: ignore[attr-defined]
    path = write(tmp_path, "m.csv", csv_bytes([["nom"], ["A"]]))
    with pytest.raises(CommandError) as error:
        run(cast.cluster.slug, str(path))
    assert (error.value.returncode, str(error.value)) == (
        2,
        "The file is 8 bytes; the limit is 4 bytes.",
    )


def test_maillage_cli_exits_with_code_2(
    cast: Cast,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    # As on a deployed platform: `maillage` refuses to start on the built-in secret key.
    settings.BUILTIN_SECRET_KEY = False
    # run_from_argv closes every connection when done, which would end the test's transaction
    # on PostgreSQL.
    monkeypatch.setattr(management_base.connections, "close_all", lambda: None)
    path = write(tmp_path, "m.csv", csv_bytes([["nom", "BCE"], ["Lambda", "12"]]))
    with pytest.raises(SystemExit) as exit_info:
        main(["import_members", cast.cluster.slug, str(path), "--commit"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Row 2: enterprise_number: An enterprise number has 10 digits; 2 were given." in err
    assert "CommandError: The file has errors; nothing was written." in err
    assert Organisation.objects.filter(name="Lambda").count() == 0
