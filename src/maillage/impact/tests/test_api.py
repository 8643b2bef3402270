"""``GET /api/v1/impact/kpis``: the JSON of ``maillage kpi_report``, for the body's managers and
the platform admins; errors as problem+json."""

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from maillage.impact.tests.conftest import Followed

pytestmark = pytest.mark.django_db

type Login = Callable[[str], Client]
URL = "/api/v1/impact/kpis"


def _slug(followed: Followed) -> str:
    return str(followed.day.event.organisers.get().slug)


@pytest.mark.parametrize(
    ("who", "status"),
    [("manager", 200), ("admin", 200), ("alice", 403), ("bob", 403), ("charlie", 403)],
)
def test_kpis_are_for_the_managers_and_the_admins(
    as_user: Login, followed: Followed, who: str, status: int
) -> None:
    response = as_user(who).get(URL, {"organiser": _slug(followed)})

    assert response.status_code == status
    if status == 403:
        assert response["Content-Type"] == "application/problem+json"
        assert "Only the managers" in response.json()["detail"]


def test_kpis_need_a_login(client: Client, followed: Followed) -> None:
    response = client.get(URL, {"organiser": _slug(followed)})

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_kpis_answer_the_same_json_as_the_command(
    as_user: Login, followed: Followed, tmp_path: Path
) -> None:
    slug = _slug(followed)
    output = tmp_path / "kpis.json"
    call_command(
        "kpi_report",
        organiser=slug,
        start="2020-01-01",
        end="2026-12-31",
        output=str(output),
        language="en",
        stdout=io.StringIO(),
    )

    response = as_user("manager").get(
        URL, {"organiser": slug, "from": "2020-01-01", "to": "2026-12-31"}
    )

    from_file = json.loads(output.read_text())
    from_api = response.json()
    assert from_api["from"] == "2020-01-01"
    # Labels are in the caller's language: English here, and --language en for the command.
    assert from_api == from_file


def test_kpis_of_an_unknown_organiser_are_a_404(as_user: Login, followed: Followed) -> None:
    response = as_user("admin").get(URL, {"organiser": "nobody"})

    assert response.status_code == 404
    assert "nobody" in response.json()["detail"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"from": "2026-13-01"}, "from"), ({"to": "yesterday"}, "to"), ({}, "organiser")],
)
def test_kpis_refuse_malformed_parameters(
    as_user: Login, followed: Followed, params: dict[str, str], field: str
) -> None:
    query = {"organiser": _slug(followed), **params} if field != "organiser" else params

    response = as_user("manager").get(URL, query)

    assert response.status_code == 422
    assert field in response.json()["errors"]


def test_kpis_refuse_a_period_ending_before_it_starts(as_user: Login, followed: Followed) -> None:
    response = as_user("manager").get(
        URL, {"organiser": _slug(followed), "from": "2026-06-01", "to": "2026-01-01"}
    )

    assert response.status_code == 422
    assert response.json()["errors"]["start"] == ["The period must start before it ends."]


def test_kpis_appear_in_the_openapi_schema(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    parameters = {p["name"] for p in schema["paths"][URL]["get"]["parameters"]}
    assert parameters == {"organiser", "from", "to"}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"output": "report.csv"}, "must end in .json, .xlsx or .pdf"),
        ({"start": "18/03/2026"}, "--from must be a date written YYYY-MM-DD"),
        ({"end": "2026-02-30"}, "--to must be a date written YYYY-MM-DD"),
        ({"organiser": "nobody"}, "No organisation has the slug 'nobody'"),
        ({"start": "2026-06-01", "end": "2026-01-01"}, "start before it ends"),
        ({"output": "/no/such/folder/report.json"}, "does not exist"),
    ],
)
def test_kpi_report_refuses_bad_arguments_with_exit_code_2(
    followed: Followed, tmp_path: Path, options: dict[str, str], message: str
) -> None:
    arguments = {
        "organiser": _slug(followed),
        "output": str(tmp_path / "report.json"),
        "language": "en",
        **options,
    }
    if not arguments["output"].startswith("/"):
        arguments["output"] = str(tmp_path / arguments["output"])

    with pytest.raises(CommandError, match=message) as refused:
        call_command("kpi_report", **arguments, stdout=io.StringIO())

    assert refused.value.returncode == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", [".json", ".xlsx", ".pdf"])
def test_kpi_report_writes_each_format(followed: Followed, tmp_path: Path, suffix: str) -> None:
    output = tmp_path / f"report{suffix}"
    out = io.StringIO()

    call_command("kpi_report", organiser=_slug(followed), output=str(output), stdout=out)

    assert output.stat().st_size > 0
    assert f"Wrote {output}" in out.getvalue()
