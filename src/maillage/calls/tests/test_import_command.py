"""``maillage import_calls``: idempotent by reference, all or nothing, and ``--fetch`` against a
recorded answer served locally (the tests never need the network)."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from maillage.calls.models import Call, CallDeadline
from maillage.calls.tests.factories import CallFactory

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "portal_sample.json"

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("import_calls", *args, stdout=out)
    return out.getvalue()


def _refused(*args: str) -> tuple[str, int]:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_calls", *args, stdout=StringIO(), stderr=err)
    return err.getvalue(), caught.value.returncode


def test_import_calls_creates_then_leaves_unchanged() -> None:
    assert _run(str(SAMPLE)).strip() == "created 6, updated 0, unchanged 0"
    assert _run(str(SAMPLE)).strip() == "created 0, updated 0, unchanged 6"
    assert Call.objects.count() == 6
    twin = Call.objects.get(reference="SAMPLE-HORIZON-CL4-2027-TWIN-01")
    assert twin.source == Call.Source.PORTAL
    assert twin.programme == "Horizon Europe"
    assert twin.link == "https://example.org/sample-calls/SAMPLE-HORIZON-CL4-2027-TWIN-01"
    assert twin.relayed_by is None
    assert CallDeadline.objects.filter(call__reference="SAMPLE-DIGITAL-2027-AI-03").count() == 2


def test_import_calls_updates_what_changed_and_keeps_the_relaying_cluster(
    tmp_path: Path, cast: object
) -> None:
    _run(str(SAMPLE))
    Call.objects.filter(reference="SAMPLE-LIFE-2027-CET-02").update(
        relayed_by=cast.cluster  # type: ignore[attr-defined]
    )
    answer = json.loads(SAMPLE.read_text())
    answer["results"][4]["metadata"]["deadlineDate"] = ["2027-03-11", "2027-09-30"]
    answer["results"][0]["metadata"]["callTitle"] = ["Sample: Digital twins, second edition"]
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(answer))
    assert _run(str(changed)).strip() == "created 0, updated 2, unchanged 4"
    life = Call.objects.get(reference="SAMPLE-LIFE-2027-CET-02")
    assert [d.date.isoformat() for d in life.deadlines.order_by("date")] == [
        "2027-03-11",
        "2027-09-30",
    ]
    assert life.relayed_by == cast.cluster  # type: ignore[attr-defined]
    twin = Call.objects.get(reference="SAMPLE-HORIZON-CL4-2027-TWIN-01")
    assert twin.title == "Sample: Digital twins, second edition"
    assert "second edition" in twin.search_text


def test_import_calls_writes_nothing_when_one_result_is_wrong(tmp_path: Path) -> None:
    answer = json.loads(SAMPLE.read_text())
    answer["results"][3]["metadata"]["deadlineDate"] = ["2025-12-01"]
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(answer))
    err, code = _refused(str(wrong))
    assert code == 2
    assert err.strip() == (
        "result 4 (line 1): deadline 2025-12-01 is before the opening date 2026-01-13."
    )
    assert not Call.objects.exists()


def test_import_calls_names_the_line_of_a_malformed_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(SAMPLE.read_text().replace('"status": ["31094503"],', '"status": [31094503'))
    err, code = _refused(str(broken))
    # The unclosed list is on line 68; JSON notices it at the next key.
    assert (err.strip(), code) == ("line 69, column 5: invalid JSON (Expecting ',' delimiter).", 2)
    assert not Call.objects.exists()


def test_import_calls_refuses_a_reference_of_a_cluster_call() -> None:
    CallFactory(reference="SAMPLE-I3-2027-INV-1", source=Call.Source.CLUSTER)
    err, code = _refused(str(SAMPLE))
    assert code == 2
    assert err.strip() == "reference SAMPLE-I3-2027-INV-1 belongs to a call published by a cluster."
    assert Call.objects.count() == 1


def test_import_calls_gives_a_new_slug_when_one_is_taken() -> None:
    CallFactory(reference="OTHER", slug="sample-digital-2027-ai-03")
    _run(str(SAMPLE))
    assert Call.objects.get(reference="SAMPLE-DIGITAL-2027-AI-03").slug == (
        "sample-digital-2027-ai-03-2"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give the FILE.json to import, or --fetch."),
        (("/nonexistent/answer.json",), "Cannot read /nonexistent/answer.json: No such file"),
        (("--fetch", "--query", "{nope"), "--query is not JSON"),
        (("--fetch", "--page-size", "0"), "--page-size and --max-pages must be at least 1."),
    ],
)
def test_import_calls_refuses_bad_arguments(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("import_calls", *args, stdout=StringIO(), stderr=StringIO())
    assert message in str(caught.value)
    assert caught.value.returncode == 2


class _Portal:
    """The recorded sample answer served page by page, as the portal's search API does."""

    def __init__(self, page_size: int) -> None:
        self.answer = json.loads(SAMPLE.read_text())
        self.page_size = page_size
        self.requests: list[dict[str, list[str]]] = []
        self.bodies: list[bytes] = []


@pytest.fixture
def portal() -> Iterator[tuple[str, _Portal]]:
    state = _Portal(page_size=4)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            params = parse_qs(urlparse(self.path).query)
            state.requests.append(params)
            state.bodies.append(self.rfile.read(int(self.headers["Content-Length"])))
            number = int(params["pageNumber"][0])
            size = int(params["pageSize"][0])
            results = state.answer["results"][(number - 1) * size : number * size]
            body = json.dumps({"totalResults": 6, "pageNumber": number, "results": results})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/search", state
    finally:
        server.shutdown()
        server.server_close()


def test_import_calls_fetch_reads_every_page_and_saves_the_answer(
    portal: tuple[str, _Portal], tmp_path: Path
) -> None:
    url, state = portal
    saved = tmp_path / "fetched.json"
    out = _run("--fetch", "--url", url, "--page-size", "4", "--text", "manufacturing", str(saved))
    assert out.splitlines() == [
        "page 1: 4 of 6 results",
        "page 2: 6 of 6 results",
        f"Saved the answer to {saved}.",
        "created 6, updated 0, unchanged 0",
    ]
    assert [r["pageNumber"] for r in state.requests] == [["1"], ["2"]]
    assert state.requests[0]["apiKey"] == ["SEDIA"]
    assert state.requests[0]["text"] == ["manufacturing"]
    assert b'name="query"' in state.bodies[0]
    assert b'"31094502"' in state.bodies[0]  # the default filter: forthcoming and open calls
    assert json.loads(saved.read_text())["totalResults"] == 6
    # The saved answer imports offline, and changes nothing.
    assert _run(str(saved)).strip() == "created 0, updated 0, unchanged 6"


def test_import_calls_fetch_stops_at_max_pages(portal: tuple[str, _Portal]) -> None:
    url, state = portal
    out = _run("--fetch", "--url", url, "--page-size", "2", "--max-pages", "2")
    assert out.splitlines()[-1] == "created 4, updated 0, unchanged 0"
    assert len(state.requests) == 2


def test_import_calls_fetch_reports_an_unreachable_portal() -> None:
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_calls",
            "--fetch",
            "--url",
            "http://127.0.0.1:9/search",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert caught.value.returncode == 2
    assert "cannot fetch page 1 from http://127.0.0.1:9/search" in str(caught.value)
