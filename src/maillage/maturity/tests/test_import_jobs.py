"""The EDIH result import through the pages: the upload and the confirmation each queue a
background job (dry run, then commit), whose page shows its progress, then the preview with
line-numbered errors or the outcome; malformed files are refused with a clear message; the job
is seen by its uploader only."""

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.maturity.models import AdvisorFollow, Assessment, ResultImportJob
from maillage.maturity.tests.conftest import Hub
from maillage.maturity.tests.test_exchange import HEADER, workbook

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
GOOD = [
    HEADER,
    ["Alice Robotics SRL", "", "T0", "2026-03-02", 40, 50, 60, 70, 80, 90, 65],
    ["Bob Logistics SA", "", "", "02/03/2026", 10, 10, 10, 10, 10, 10, ""],
]


@pytest.fixture(autouse=True)
def setting_up(settings: Any, tmp_path: Any, hub: Hub, cast: Cast) -> None:
    settings.TASKS = IMMEDIATE
    settings.DATA_DIR = tmp_path  # the uploaded files wait there
    AdvisorFollow.objects.create(hub=hub.hub, advisor=hub.advisor, organisation=cast.bob_org)


def english_client(user: User) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def import_url(hub: Hub) -> str:
    return f"/maturity/hubs/{hub.hub.slug}/import/"


@pytest.fixture
def post_and_run(
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> Callable[..., Any]:
    """Post, run the job queued at commit, and follow the redirect to the job's page."""

    def run(client: Client, url: str, data: dict[str, Any]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        assert response.status_code == 302, response
        return client.get(response["Location"])

    return run


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_dry_run_then_commit_through_the_pages(
    hub: Hub, cast: Cast, post_and_run: Callable[..., Any]
) -> None:
    client = english_client(hub.advisor)
    page = post_and_run(client, import_url(hub), {"file": upload("r.xlsx", workbook(GOOD))})
    assert page.status_code == 200
    preview = page.context["preview"]
    assert preview["ok"] is True
    assert [(r["number"], r["company"], r["action"], r["overall"]) for r in preview["rows"]] == [
        (2, "Alice Robotics SRL", "add T0", 65.0),
        (3, "Bob Logistics SA", "add T0", 10.0),
    ]
    assert Assessment.objects.count() == 0  # a dry run writes nothing
    token = page.context["token"]
    assert token
    done = post_and_run(client, import_url(hub), {"token": token})
    assert b"2 results imported." in done.content
    assert sorted(Assessment.objects.values_list("organisation__name", "score__overall")) == [
        ("Alice Robotics SRL", 65.0),
        ("Bob Logistics SA", 10.0),
    ]
    # The token is used up: a second confirmation imports nothing twice.
    again = client.post(import_url(hub), {"token": token}, follow=True)
    assert b"This preview has expired or was already imported." in again.content
    assert Assessment.objects.count() == 2


def test_the_preview_names_each_bad_line_and_offers_no_confirmation(
    hub: Hub, cast: Cast, post_and_run: Callable[..., Any]
) -> None:
    rows = [*GOOD, ["Nobody SA", "", "", "", 1, 2, 3, 4, 5, 6, ""]]
    page = post_and_run(
        english_client(hub.advisor), import_url(hub), {"file": upload("r.xlsx", workbook(rows))}
    )
    assert page.status_code == 422
    errors = {row["number"]: row["errors"] for row in page.context["preview"]["rows"]}
    assert errors == {
        2: [],
        3: [],
        4: ["No single organisation of the directory is named “Nobody SA”: give its VAT number."],
    }
    assert page.context["token"] == ""
    assert b"Import these results" not in page.content


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "r.xlsx",
            b"PK\x03\x04 not really a workbook",
            "This file is not a valid Excel workbook: open it in Excel and save it again.",
        ),
        (
            "r.xlsx",
            workbook([["Enterprise name", "Digital Readiness"], ["Alice", 3]]),
            "Columns missing: D1, D3, D4, D5, D6.",
        ),
        ("r.pdf", b"%PDF-1.4", "Unsupported file type: upload a .csv or an .xlsx file."),
        ("r.csv", b"", "The file is empty."),
    ],
)
def test_a_malformed_file_is_refused_with_its_reason(
    hub: Hub, post_and_run: Callable[..., Any], name: str, data: bytes, message: str
) -> None:
    page = post_and_run(english_client(hub.advisor), import_url(hub), {"file": upload(name, data)})
    assert page.status_code == 422
    assert page.context["preview"]["ok"] is False
    assert page.context["preview"]["file_errors"] == [message]
    assert page.context["token"] == ""
    assert Assessment.objects.count() == 0


def test_messages_are_written_in_the_uploaders_language(
    hub: Hub, post_and_run: Callable[..., Any]
) -> None:
    client = Client(headers={"accept-language": "fr"})
    client.force_login(hub.advisor)
    rows = [HEADER, ["Nobody SA", "", "", "", 1, 2, 3, 4, 5, 6, ""]]
    with translation.override("en"):
        page = post_and_run(client, import_url(hub), {"file": upload("r.xlsx", workbook(rows))})
    assert page.context["preview"]["rows"][0]["errors"] == [
        "Aucune organisation unique de l'annuaire ne s'appelle « Nobody SA » : "
        "indiquez son numéro de TVA."
    ]


def test_the_job_page_is_its_uploaders_only(
    hub: Hub, cast: Cast, post_and_run: Callable[..., Any]
) -> None:
    page = post_and_run(
        english_client(hub.advisor), import_url(hub), {"file": upload("r.xlsx", workbook(GOOD))}
    )
    url = page.request["PATH_INFO"]
    assert english_client(hub.manager).get(url).status_code == 404  # the hub's, not the job's
    for who in ("alice", "bob", "charlie"):
        refused = english_client(getattr(cast, who)).get(url)
        assert refused.status_code == 403
        assert b"Only the hub" in refused.content


@pytest.mark.django_db(transaction=True)
def test_the_request_only_queues_and_the_worker_imports(hub: Hub, settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = english_client(hub.advisor)
    response = client.post(import_url(hub), {"file": upload("r.xlsx", workbook(GOOD))})
    assert response.status_code == 302
    job = ResultImportJob.objects.get()
    assert (job.kind, job.status, job.progress) == ("preview", "queued", 0.0)
    waiting = client.get(response["Location"])
    assert b'id="import-progress"' in waiting.content
    assert b"Waiting for a worker" in waiting.content
    partial = client.get(response["Location"], headers={"hx-request": "true"})
    assert partial.status_code == 200
    assert b'hx-trigger="every 1s"' in partial.content

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.progress, job.result["ok"]) == ("done", 1.0, True)
    polled = client.get(response["Location"], headers={"hx-request": "true"})
    assert polled["HX-Refresh"] == "true"
    assert client.get(response["Location"]).context["token"] == job.token
