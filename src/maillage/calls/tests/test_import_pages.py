"""Importing a portal answer from the web: a background job whose page shows its progress."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from maillage.accounts.models import User
from maillage.calls.jobs import execute_call_import
from maillage.calls.models import Call, CallImportJob
from maillage.conftest import Cast
from maillage.core.progress import JobStatus

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "portal_sample.json"

pytestmark = pytest.mark.django_db


def _upload(client: Client, data: bytes, name: str = "answer.json") -> Any:
    return client.post("/calls/import/", {"file": SimpleUploadedFile(name, data)})


def test_upload_queues_a_job_that_the_page_follows(
    client: Client, manager: User, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = _upload(client, SAMPLE.read_bytes())
    job = CallImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/calls/import/{job.pk}/"
    assert len(callbacks) == 1  # the task is queued once the row is committed
    waiting = client.get(response["Location"], headers={"Accept-Language": "en"})
    assert "Waiting for a worker" in waiting.text
    assert 'hx-get="/calls/import/' in waiting.text
    assert not Call.objects.exists()  # nothing happens inside the request

    execute_call_import(job.pk)  # what the worker runs
    partial = client.get(response["Location"], headers={"HX-Request": "true"})
    assert partial["HX-Refresh"] == "true"
    done = client.get(response["Location"], headers={"Accept-Language": "en"})
    assert "Imported: 6 created, 0 updated, 0 unchanged." in done.text
    job.refresh_from_db()
    assert (job.status, job.progress, bytes(job.data)) == (JobStatus.DONE, 1.0, b"")


def test_the_worker_runs_the_queued_import(
    client: Client, manager: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, SAMPLE.read_bytes())
    assert CallImportJob.objects.get().result == {"created": 6, "updated": 0, "unchanged": 0}
    assert Call.objects.count() == 6


def test_a_file_with_errors_imports_nothing_and_lists_them(client: Client, manager: User) -> None:
    client.force_login(manager)
    data = SAMPLE.read_bytes().replace(b'"31094501"', b'"31094599"')
    response = _upload(client, data, "bad.json")
    execute_call_import(CallImportJob.objects.get().pk)
    page = client.get(response["Location"], headers={"Accept-Language": "fr"})
    assert "Le fichier contient des erreurs ; rien n’a été importé." in page.text
    assert "résultat 3 (ligne 43) : statut inconnu « 31094599 »" in page.text
    assert not Call.objects.exists()


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_members_do_not_import(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    assert client.get("/calls/import/").status_code == 403
    assert _upload(client, SAMPLE.read_bytes()).status_code == 403
    assert not CallImportJob.objects.exists()


def test_an_import_is_seen_only_by_who_started_it(
    client: Client, cast: Cast, manager: User
) -> None:
    client.force_login(manager)
    response = _upload(client, SAMPLE.read_bytes())
    client.force_login(cast.alice)
    assert client.get(response["Location"]).status_code == 404


def test_an_empty_upload_is_refused(client: Client, manager: User) -> None:
    client.force_login(manager)
    response = _upload(client, b"   ", "empty.json")
    assert response.status_code == 422
    assert not CallImportJob.objects.exists()
