import json

import pytest
from django.test import Client
from openapi_spec_validator import validate

from maillage.api.tests.conftest import PROBLEM, problem

pytestmark = pytest.mark.django_db


def test_openapi_schema_lists_the_endpoints(client: Client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert set(schema["paths"]) == {
        "/api/v1/calls",
        "/api/v1/calls/{slug}",
        "/api/v1/calls/{slug}/interest",
        "/api/v1/calls/{slug}/interests",
        "/api/v1/calls/consortia/{consortium_id}/partners",
        "/api/v1/calls/consortia/{consortium_id}/invitations/{partner_id}/accept",
        "/api/v1/calls/consortia/{consortium_id}/invitations/{partner_id}/decline",
        "/api/v1/organisations",
        "/api/v1/organisations/{ref}",
        "/api/v1/organisations/{ref}/contacts",
        "/api/v1/clusters",
        "/api/v1/clusters/{slug}",
        "/api/v1/domains",
        "/api/v1/events",
        "/api/v1/events/{slug}",
        "/api/v1/events/{slug}/blocks",
        "/api/v1/events/{slug}/pitches",
        "/api/v1/events/{slug}/pitches/{pitch_id}/follow-up",
        "/api/v1/events/{slug}/pitches/{pitch_id}/follow-ups",
        "/api/v1/events/{slug}/proposals",
        "/api/v1/events/{slug}/registrations",
        "/api/v1/events/{slug}/registrations/me",
        "/api/v1/events/{slug}/registrations/{registration_id}/agenda.ics",
        "/api/v1/events/{slug}/requests",
        "/api/v1/events/{slug}/requests/{request_id}/accept",
        "/api/v1/events/{slug}/requests/{request_id}/decline",
        "/api/v1/events/{slug}/schedule/runs",
        "/api/v1/events/{slug}/schedule/runs/{run_id}",
        "/api/v1/events/{slug}/schedule/runs/{run_id}/publish",
        "/api/v1/events/{slug}/suggestions",
        "/api/v1/maturity/benchmark",
        "/api/v1/maturity/assessments",
        "/api/v1/maturity/assessments/{assessment_id}",
        "/api/v1/maturity/assessments/{assessment_id}/dimensions/{dimension}",
        "/api/v1/maturity/assessments/{assessment_id}/complete",
        "/api/v1/maturity/organisations/{slug}/assessments",
        "/api/v1/maturity/hubs/{slug}/progress",
        "/api/v1/catalogue",
        "/api/v1/catalogue/labels",
        "/api/v1/listings",
        "/api/v1/listings/{listing_id}",
        "/api/v1/listings/{listing_id}/withdraw",
        "/api/v1/catalogue/entries/{slug}",
        "/api/v1/impact/kpis",
    }
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}


def test_openapi_errors_are_problem_json_and_reads_open(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    post = schema["paths"]["/api/v1/organisations"]["post"]
    assert list(post["responses"]["409"]["content"]) == [PROBLEM]
    assert {} not in post["security"]
    get = schema["paths"]["/api/v1/organisations"]["get"]
    assert {} in get["security"]


def test_docs_page_has_no_inline_script(client: Client, settings: object) -> None:
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    for chunk in html.split("<script")[1:]:
        assert ' src="' in chunk.split(">")[0] or 'type="application/json"' in chunk.split(">")[0]


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_unknown_api_path_is_404_problem(client: Client, method: str) -> None:
    problem(getattr(client, method)("/api/v1/nothing/here"), 404, "not_found")


def test_trailing_slash_is_404_problem(client: Client) -> None:
    problem(client.get("/api/v1/organisations/"), 404, "not_found")


def test_post_on_read_only_list_is_405(client: Client) -> None:
    response = client.post("/api/v1/domains", "{}", content_type="application/json")
    problem(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET"


def test_api_root_points_at_schema_and_docs(client: Client) -> None:
    assert client.get("/api/v1/").json() == {
        "title": "Maillage API",
        "version": "1",
        "openapi": "/api/v1/openapi.json",
        "docs": "/api/v1/docs",
    }


def test_head_is_get_without_body(client: Client) -> None:
    response = client.head("/api/v1/domains")
    assert response.status_code == 200
    assert response.content == b""
    assert int(response["Content-Length"]) == len(client.get("/api/v1/domains").content)


def test_unexpected_error_is_500_problem(
    client: Client, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def explode(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("maillage.api.routers.domains.paginate", explode)
    body = problem(client.get("/api/v1/domains"), 500, "server_error")
    assert body["detail"] == "An unexpected error occurred."
    assert "boom" not in json.dumps(body)
    assert "Unexpected error in GET /api/v1/domains" in caplog.text


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    keys = [key for key, _ in pairs]
    duplicated = sorted({key for key in keys if keys.count(key) > 1})
    assert duplicated == [], f"duplicated keys in the OpenAPI document: {duplicated}"
    return dict(pairs)


def test_openapi_document_is_valid_and_has_no_duplicate_keys(client: Client) -> None:
    raw = client.get("/api/v1/openapi.json").content.decode()
    # json.loads keeps the last of two equal keys; the docs page's parser refuses them.
    schema = json.loads(raw, object_pairs_hook=_no_duplicate_keys)
    validate(schema)
    agenda = schema["paths"]["/api/v1/events/{slug}/registrations/{registration_id}/agenda.ics"]
    assert list(agenda["get"]["responses"]["200"]["content"]) == ["text/calendar"]
