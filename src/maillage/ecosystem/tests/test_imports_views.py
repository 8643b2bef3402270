"""The web flow: upload -> preview job -> confirm -> commit job, for cluster managers only.

Most tests run the queued job at once with Django's immediate task backend (the job is queued
when the request's transaction commits); one runs the real database-backed worker.
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.ecosystem.models import ImportBatch, ImportJob, Organisation
from maillage.ecosystem.tests.factories import UserFactory
from maillage.ecosystem.tests.import_helpers import (
    csv_bytes,
    english,
    fast_passwords,
    static_root,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_passwords", "english", "static_root"),
]
__all__ = ["english", "fast_passwords", "static_root"]

GOOD = csv_bytes([["nom", "ville"], ["Epsilon SRL", "Namur"], ["Bob Logistics", ""]])
BAD = csv_bytes([["nom", "BCE"], ["Zeta", "0403.170.702"], ["", ""], ["x", ""], ["", "1"]])


IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def immediate_tasks(settings: object) -> None:
    settings.TASKS = IMMEDIATE  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def data_dir(settings: object, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def upload_url(cast: Cast) -> str:
    return reverse("ecosystem:member_import", args=[cast.cluster.slug])


def confirm_url(cast: Cast) -> str:
    return reverse("ecosystem:member_import_confirm", args=[cast.cluster.slug])


def english_client(user: User | None = None, **kwargs: bool) -> Client:
    client = Client(headers={"accept-language": "en"}, **kwargs)
    if user is not None:
        client.force_login(user)
    return client


def post_file(client: Client, cast: Cast, data: bytes, name: str = "membres.csv"):  # type: ignore[no-untyped-def]
    return client.post(upload_url(cast), {"file": SimpleUploadedFile(name, data)})


def run_jobs(django_capture_on_commit_callbacks, post, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Post, run the job queued at commit, and follow the redirect to the job's page."""
    with django_capture_on_commit_callbacks(execute=True):
        response = post(*args, **kwargs)
    if response.status_code != 302:
        return response
    return args[0].get(response["Location"])


@pytest.fixture
def upload(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Upload a file and return the job page once the preview job has run."""

    def upload(client: Client, cast: Cast, data: bytes, name: str = "membres.csv"):  # type: ignore[no-untyped-def]
        return run_jobs(django_capture_on_commit_callbacks, post_file, client, cast, data, name)

    return upload


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Confirm a preview's token and return the job page once the commit job has run."""

    def confirm(client: Client, cast: Cast, token: str):  # type: ignore[no-untyped-def]
        return run_jobs(django_capture_on_commit_callbacks, _post_confirm, client, cast, token)

    return confirm


def _post_confirm(client: Client, cast: Cast, token: str):  # type: ignore[no-untyped-def]
    return client.post(confirm_url(cast), {"token": token})


def test_import_page_manager_sees_form(cast: Cast, manager: User) -> None:
    response = english_client(manager).get(upload_url(cast))
    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert b"<code>enterprise_number</code>" in response.content


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_import_page_refused_to_owner_member_outsider(cast: Cast, who: str) -> None:
    client = english_client(getattr(cast, who))
    before = Organisation.objects.count()
    assert client.get(upload_url(cast)).status_code == 403
    assert post_file(client, cast, GOOD).status_code == 403
    assert client.post(confirm_url(cast), {"token": "x" * 32}).status_code == 403
    assert Organisation.objects.count() == before


def test_import_page_anonymous_redirected_to_login(cast: Cast) -> None:
    client = english_client()
    response = client.get(upload_url(cast))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={upload_url(cast)}"
    assert client.post(confirm_url(cast), {"token": "x" * 32}).status_code == 302


def test_import_page_not_a_network_is_404(cast: Cast, manager: User) -> None:
    url = reverse("ecosystem:member_import", args=[cast.alice_org.slug])
    assert english_client(manager).get(url).status_code == 404


def test_import_flow_preview_then_confirm(
    cast: Cast, manager: User, data_dir: Path, upload, confirm
) -> None:  # type: ignore[no-untyped-def]
    client = english_client(manager)
    before = Organisation.objects.count()
    response = upload(client, cast, GOOD)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview["counts"] == {"create": 1, "update": 0, "membership": 0, "unchanged": 1}
    assert Organisation.objects.count() == before  # the preview writes nothing
    token = response.context["token"]
    assert sorted(path.name for path in (data_dir / "imports").iterdir()) == [
        f"{token}.data",
        f"{token}.json",
    ]
    assert f'name="token" value="{token}"'.encode() in response.content

    response = confirm(client, cast, token)
    assert response.status_code == 200
    assert b"Imported: 1 created, 0 updated, 0 memberships added, 1 unchanged." in response.content
    assert Organisation.objects.count() == before + 1
    batch = ImportBatch.objects.get()
    assert (batch.imported_by, batch.network, batch.file_name, batch.created_count) == (
        manager,
        cast.cluster,
        "membres.csv",
        1,
    )
    assert list((data_dir / "imports").iterdir()) == []

    # The same token cannot be used twice.
    response = client.post(confirm_url(cast), {"token": token})
    assert response.status_code == 400
    assert b"This preview has expired or was already imported" in response.content
    assert ImportBatch.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_import_runs_in_the_database_worker(cast: Cast, manager: User, settings: object) -> None:
    """With the real backend the request only queues the job; the worker does the work."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    client = english_client(manager)
    response = post_file(client, cast, GOOD)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.kind, job.status, job.progress) == ("preview", "queued", 0.0)
    waiting = client.get(response["Location"])
    assert b'id="import-progress"' in waiting.content
    assert b"Waiting for a worker" in waiting.content
    assert client.get(response["Location"], headers={"hx-request": "true"}).status_code == 200

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.progress, job.result["ok"]) == ("done", 1.0, True)
    polled = client.get(response["Location"], headers={"hx-request": "true"})
    assert polled["HX-Refresh"] == "true"
    page = client.get(response["Location"])
    assert page.context["preview"]["counts"]["create"] == 1


def test_import_job_page_private_to_its_uploader(cast: Cast, manager: User, upload) -> None:  # type: ignore[no-untyped-def]
    response = upload(english_client(manager), cast, GOOD)
    job_url = response.request["PATH_INFO"]
    other_manager = UserFactory(email="other@example.org", is_superuser=True, is_staff=True)
    assert english_client(other_manager).get(job_url).status_code == 404
    for who in ("alice", "bob", "charlie"):
        assert english_client(getattr(cast, who)).get(job_url).status_code == 403


def test_import_preview_with_errors_offers_no_confirmation(
    cast: Cast, manager: User, data_dir: Path, upload
) -> None:  # type: ignore[no-untyped-def]
    before = Organisation.objects.count()
    response = upload(english_client(manager), cast, BAD)
    assert response.context["token"] == ""
    assert not response.context["preview"]["ok"]
    assert [row["errors"] for row in response.context["preview"]["rows"] if row["errors"]] == [
        ["enterprise_number: The check digits of 0403.170.702 are wrong (expected 01)."],
        [
            "name: The name is missing.",
            "enterprise_number: An enterprise number has 10 digits; 1 were given.",
        ],
    ]
    assert b"The check digits of 0403.170.702 are wrong (expected 01)." in response.content
    assert b'name="token"' not in response.content
    assert Organisation.objects.count() == before
    assert list((data_dir / "imports").iterdir()) == []  # a file with errors is not kept


def test_import_unknown_columns_shown(cast: Cast, manager: User, upload) -> None:  # type: ignore[no-untyped-def]
    response = upload(english_client(manager), cast, csv_bytes([["nom", "fax"], ["A", "1"]]))
    assert b"Unknown columns: &quot;fax&quot;." in response.content
    assert b'name="token"' not in response.content


def test_import_preview_in_the_uploaders_language(cast: Cast, manager: User, upload) -> None:  # type: ignore[no-untyped-def]
    client = Client(headers={"accept-language": "fr"})
    client.force_login(manager)
    response = upload(client, cast, BAD)
    assert ImportJob.objects.get().language == "fr"
    missing_name = next(row for row in response.context["preview"]["rows"] if row["number"] == 5)
    assert missing_name["errors"][0] == "name: Le nom est absent."


def test_import_oversized_upload_refused(cast: Cast, manager: User, settings: object) -> None:
    settings.MAILLAGE_MAX_UPLOAD_BYTES = 10  # type: ignore[attr-defined]
    response = post_file(english_client(manager), cast, GOOD)
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "file": ["The file is 46 bytes; the limit is 10 bytes."]
    }
    assert ImportJob.objects.count() == 0


def test_import_missing_file_refused(cast: Cast, manager: User) -> None:
    response = english_client(manager).post(upload_url(cast), {})
    assert response.status_code == 422
    assert response.context["form"].errors == {"file": ["This field is required."]}


def test_import_token_of_another_user_refused(cast: Cast, manager: User, upload) -> None:  # type: ignore[no-untyped-def]
    token = upload(english_client(manager), cast, GOOD).context["token"]
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    before = Organisation.objects.count()
    response = english_client(admin).post(confirm_url(cast), {"token": token})
    assert response.status_code == 400
    assert Organisation.objects.count() == before
    assert ImportJob.objects.filter(kind="commit").count() == 0


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "x" * 32])
def test_import_confirm_bad_token(cast: Cast, manager: User, token: str) -> None:
    response = english_client(manager).post(confirm_url(cast), {"token": token})
    assert response.status_code == 400
    assert ImportJob.objects.count() == 0


def test_import_confirm_revalidates(cast: Cast, manager: User, upload, confirm) -> None:  # type: ignore[no-untyped-def]
    """The directory changed after the preview: the commit sees it and writes nothing."""
    client = english_client(manager)
    token = upload(client, cast, csv_bytes([["nom"], ["Twin"]])).context["token"]
    Organisation.objects.create(name="Twin SA", slug="twin-sa", kind="sme")
    Organisation.objects.create(name="Twin SPRL", slug="twin-sprl", kind="sme")
    before = Organisation.objects.count()
    response = confirm(client, cast, token)
    assert b"The directory changed since the preview" in response.content
    assert [row["errors"] for row in response.context["preview"]["rows"]] == [
        [
            "name: 2 organisations in the directory have this name: add the enterprise "
            "number to say which one."
        ]
    ]
    assert b'name="token"' not in response.content
    assert Organisation.objects.count() == before
    assert ImportBatch.objects.count() == 0


def test_import_csrf_enforced(cast: Cast, manager: User) -> None:
    client = english_client(manager, enforce_csrf_checks=True)
    before = Organisation.objects.count()
    assert post_file(client, cast, GOOD).status_code == 403
    assert client.post(confirm_url(cast), {"token": "x" * 32}).status_code == 403
    assert Organisation.objects.count() == before
    assert ImportJob.objects.count() == 0
