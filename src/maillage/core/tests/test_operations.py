"""Health and readiness endpoints, and structured (JSON) logs."""

import json
import logging
import sys
from typing import Any

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, RequestFactory

from maillage.core.logs import JsonFormatter

pytestmark = pytest.mark.django_db


def test_healthz_answers_with_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content)["status"] == "ok"


def test_readyz_is_ready_on_a_migrated_database(client: Client) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "ready",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }


def test_readyz_is_503_while_migrations_are_pending(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "not ready"
    assert body["checks"]["migrations"] == "1 not applied: run maillage migrate"


def test_readyz_is_503_when_the_cache_is_unreachable(client: Client, settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache"].startswith("unreachable: ")


def test_probes_are_exempt_from_the_https_redirect(client: Client, settings: Any) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    assert client.get("/readyz").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/organisations/").status_code == 301


def test_json_formatter_writes_one_object_per_line_with_extras() -> None:
    request = RequestFactory().get("/events/x/")
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("maillage.test").makeRecord(
            "maillage.test",
            logging.ERROR,
            __file__,
            1,
            "Failed %s",
            ("job",),
            sys.exc_info(),
            extra={"request": request, "status_code": 500, "job_id": 7},
        )
    line = JsonFormatter().format(record)
    assert "\n" not in line.replace("\\n", "")
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "maillage.test"
    assert entry["message"] == "Failed job"
    assert (entry["method"], entry["path"], entry["status_code"], entry["job_id"]) == (
        "GET",
        "/events/x/",
        500,
        7,
    )
    assert entry["exception"].endswith("ValueError: boom")
    assert "request" not in entry
