"""docs/api.md lists every operation the API really has: a new endpoint without a line there,
or a line for a method the endpoint does not serve, fails here."""

import re
from pathlib import Path

import maillage
from maillage.api.main import api

DOC = Path(maillage.__file__).resolve().parents[2] / "docs" / "api.md"
PREFIX = "/api/v1"
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def documented_operations(text: str) -> set[tuple[str, str]]:
    """(method, path) for every table row of the doc: each path in backticks on the row, with
    each method the row's second column names."""
    found: set[tuple[str, str]] = set()
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`/"):
            continue
        paths = [p.split("?")[0] for p in re.findall(r"`(/[^`]*)`", cells[0])]
        methods = {m for m in METHODS if re.search(rf"\b{m}\b", cells[1])}
        found |= {(method, path) for path in paths for method in methods}
    return found


def schema_operations() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {
        (method.upper(), path.removeprefix(PREFIX))
        for path, operations in schema["paths"].items()
        for method in operations
    }


def test_documented_operations_read_each_path_and_method_of_a_row() -> None:
    text = "| `/a`, `/a/{id}` | GET; PATCH | anyone |\n| `/b?x=` | POST: do it | x |\n| no | GET |"
    assert documented_operations(text) == {
        ("GET", "/a"),
        ("PATCH", "/a"),
        ("GET", "/a/{id}"),
        ("PATCH", "/a/{id}"),
        ("POST", "/b"),
    }


def test_every_api_operation_is_in_the_docs_and_no_other() -> None:
    documented = documented_operations(DOC.read_text(encoding="utf-8"))
    served = schema_operations()
    assert sorted(served - documented) == [], "add these operations to docs/api.md"
    assert sorted(documented - served) == [], "docs/api.md lists operations the API lacks"
