import io
import time
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from maillage.conftest import Cast
from maillage.events import dashboard as dashboard_module
from maillage.events.dashboard import DASHBOARD_FRESH_SECONDS, heatmap
from maillage.events.models import Meeting, MeetingRequest, Registration
from maillage.events.services.dashboard import (
    dashboard_for,
    export_meetings_xlsx,
    export_participants_xlsx,
)
from maillage.events.tasks import refresh_dashboard
from maillage.events.tests.b2b_fixtures import add_participants
from maillage.events.tests.eventday_fixtures import Day, make_day
from maillage.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/events/ict-meets-mecatech-2027/dashboard/"


@pytest.fixture
def actors(cast: Cast, manager: Any) -> dict[str, Any]:
    return {"manager": manager, "alice": cast.alice, "charlie": cast.charlie}


@pytest.mark.usefixtures("english")
def test_dashboard_counts_registrations_requests_and_meetings(day: Day) -> None:
    MeetingRequest.objects.create(
        event=day.event,
        requester=day.people["A"],
        recipient=day.people["C"],
        status=MeetingRequest.Status.DECLINED,
        expires_at=timezone.now(),
    )
    Registration.objects.filter(pk=day.people["H"].pk).update(checked_in_at=timezone.now())

    dash = dashboard_for(day.organiser, day.event)

    assert (dash.confirmed, dash.waitlisted, dash.checked_in, dash.no_shows) == (8, 0, 1, 0)
    assert dash.requests == {"accepted": 4, "declined": 1}
    assert dash.acceptance_percent == 80
    assert dash.meetings == 3
    assert [(b.label, b.value) for b in dash.by_sector.bars] == [
        ("Digital technologies", 4),
        ("Industrial processes", 4),
    ]
    assert [(b.label, b.value) for b in dash.by_cluster.bars] == [("Cluster Alpha", 2)]
    assert [(b.label, b.value) for b in dash.by_kind.bars] == [("SME", 8)]


@pytest.mark.usefixtures("english")
def test_dashboard_figures_reused_briefly_per_language(day: Day) -> None:
    first = dashboard_for(day.organiser, day.event)
    Registration.objects.filter(pk=day.people["H"].pk).update(checked_in_at=timezone.now())
    # Within DASHBOARD_CACHE_SECONDS the same figures come back, in the same language...
    assert dashboard_for(day.organiser, day.event).checked_in == first.checked_in == 0
    # ...while another language is computed afresh, with its own labels.
    with translation.override("fr"):
        in_french = dashboard_for(day.organiser, day.event)
    assert in_french.checked_in == 1
    assert [b.label for b in in_french.by_kind.bars] == ["PME"]
    cache.clear()
    assert dashboard_for(day.organiser, day.event).checked_in == 1


@pytest.mark.usefixtures("english")
def test_stale_dashboard_shown_at_once_and_refreshed_by_a_worker(
    day: Day, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past its freshness the kept figures still answer the request, which queues one refresh
    (the immediate backend runs it at once, as a worker would soon): the next request shows the
    new figures."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    computed = []
    compute = dashboard_module._figures
    monkeypatch.setattr(
        dashboard_module, "_figures", lambda event: computed.append(1) or compute(event)
    )
    assert dashboard_for(day.organiser, day.event).checked_in == 0
    Registration.objects.filter(pk=day.people["H"].pk).update(checked_in_at=timezone.now())
    assert dashboard_for(day.organiser, day.event).checked_in == 0  # fresh: kept as it is
    assert len(computed) == 1
    later = time.time() + DASHBOARD_FRESH_SECONDS + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert dashboard_for(day.organiser, day.event).checked_in == 0  # stale, shown at once...
    assert len(computed) == 2  # ...and refreshed by the queued task
    assert dashboard_for(day.organiser, day.event).checked_in == 1
    assert len(computed) == 2


@pytest.mark.usefixtures("english")
def test_dashboard_matrix_counts_ict_times_partner_meetings(day: Day) -> None:
    dash = dashboard_for(day.organiser, day.event)
    cells = {(c.row, c.column): c.value for c in dash.matrix.cells}
    # A-B, C-D and E-F each pair an ICT provider (A, C, E) with a manufacturer.
    assert cells == {
        ("Digital technologies", "Digital technologies"): 0,
        ("Digital technologies", "Industrial processes"): 3,
        ("Industrial processes", "Digital technologies"): 3,
        ("Industrial processes", "Industrial processes"): 0,
    }


def test_heatmap_shades_and_light_text_follow_the_value() -> None:
    chart = heatmap("t", ["a", "b"], {("a", "b"): 4, ("b", "a"): 1})
    cells = {(c.row, c.column): c for c in chart.cells}
    assert (cells["a", "b"].fill, cells["a", "b"].light_text) == ("#1f4e99", True)
    assert (cells["a", "a"].fill, cells["a", "a"].light_text) == ("#eef3fa", False)
    assert (chart.width, chart.height) == (250 + 2 * 64 + 130, 130 + 2 * 64 + 10)


@pytest.mark.usefixtures("english")
def test_dashboard_lists_past_editions_with_their_reported_counts(day: Day) -> None:
    EventFactory(name="ICT meets BioWin", participant_count=74)
    EventFactory(name="ICT meets Skywin", participant_count=70)
    dash = dashboard_for(day.organiser, day.event)
    assert [(b.label, b.value) for b in dash.editions.bars] == [
        ("ICT meets BioWin", 74),
        ("ICT meets Skywin", 70),
        ("ICT meets MecaTech 2027", 8),
    ]


def test_dashboard_of_past_edition_shows_reported_attendance(
    client: Client, cast: Cast, manager: Any
) -> None:
    past = EventFactory(name="ICT meets Wagralim", slug="ict-meets-wagralim", participant_count=63)
    past.organisers.set([cast.cluster])
    client.force_login(manager)
    response = client.get("/events/ict-meets-wagralim/dashboard/", **EN)
    assert b"This past edition reported 63 participants." in response.content
    assert [(b.label, b.value) for b in response.context["dash"].editions.bars] == [
        ("ICT meets Wagralim", 63)
    ]


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_dashboard_for_non_organiser_refused(day: Day, actors: dict[str, Any], who: str) -> None:
    with pytest.raises(PermissionDenied):
        dashboard_for(actors[who], day.event)


@pytest.mark.parametrize(
    "path", ["", "participants.xlsx", "meetings.xlsx"], ids=["page", "participants", "meetings"]
)
@pytest.mark.parametrize(("who", "status"), [("manager", 200), ("alice", 403), ("charlie", 403)])
def test_dashboard_pages_permissions(
    client: Client, day: Day, actors: dict[str, Any], *, who: str, status: int, path: str
) -> None:
    client.force_login(actors[who])
    assert client.get(f"{URL}{path}").status_code == status


def test_dashboard_page_renders_accessible_svg_heatmap(client: Client, day: Day) -> None:
    client.force_login(day.organiser)
    content = client.get(URL, **EN).content.decode()
    matrix = content.split('id="sector-matrix"')[1].split("</svg>")[0]
    assert '<title id="matrix-title">Meetings between sectors</title>' in matrix
    assert "<title>Digital technologies × Industrial processes: 3 meetings</title>" in matrix
    assert matrix.count("<rect") == 4
    assert 'id="acceptance-rate">100 %' in content


def _sheet(content: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


@pytest.mark.usefixtures("english")
def test_export_participants_xlsx_lists_each_registration(day: Day) -> None:
    rows = _sheet(export_participants_xlsx(actor=day.organiser, event=day.event))
    assert rows[0][:3] == ("Organisation", "Kind", "Sector")
    by_name = {row[0]: row for row in rows[1:]}
    assert len(by_name) == 8
    assert by_name["Org G SRL"][2] == "Digital technologies"
    assert by_name["Org G SRL"][9] == 0  # G-H did not fit
    assert by_name["Org E SRL"][9] == 1


@pytest.mark.usefixtures("english")
def test_export_meetings_xlsx_lists_scheduled_meetings(day: Day) -> None:
    rows = _sheet(export_meetings_xlsx(actor=day.organiser, event=day.event))
    assert rows[0] == (
        "Slot",
        "Time",
        "Table",
        "Requester",
        "Requester's sector",
        "Recipient",
        "Recipient's sector",
        "Locked",
    )
    assert sorted(row[1][11:] for row in rows[1:]) == ["09:00", "09:20", "09:40"]
    assert {row[4] for row in rows[1:]} == {"Digital technologies"}


@pytest.mark.parametrize("extra", [0, 2])
# The exports add one query: the audit trail records them (personal data leaving the platform).
@pytest.mark.parametrize(("path", "queries"), [("", 16), ("participants.xlsx", 11)])
def test_dashboard_query_count(
    client: Client,
    cast: Cast,
    *,
    manager: Any,
    extra: int,
    path: str,
    queries: int,
    django_assert_num_queries: Any,
) -> None:
    """One registration then three: the same number of queries."""
    day = make_day(cast, manager)
    Registration.objects.filter(event=day.event).exclude(pk=day.people["A"].pk).delete()
    add_participants(day.event, extra)
    client.force_login(manager)
    with django_assert_num_queries(queries):
        assert client.get(f"{URL}{path}").status_code == 200


@pytest.mark.parametrize("kept", [1, 3])
def test_dashboard_meetings_export_query_count(
    client: Client, day: Day, kept: int, django_assert_num_queries: Any
) -> None:
    """One scheduled meeting then three: the same number of queries."""
    Meeting.objects.filter(
        pk__in=list(Meeting.objects.filter(run=day.run).values_list("pk", flat=True)[kept:])
    ).delete()
    client.force_login(day.organiser)
    with django_assert_num_queries(12):  # 11, and the audit trail's record of the export
        response = client.get(f"{URL}meetings.xlsx")
    assert len(_sheet(response.content)) == 1 + kept


@pytest.mark.usefixtures("english")
def test_stale_dashboard_refresh_queued_once_until_a_worker_runs_it(
    day: Day, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While its refresh waits in the queue (the workers busy), later visits of stale figures,
    however late, queue no other; once a worker has run it, the next stale visit queues one."""
    dashboard_for(day.organiser, day.event)
    now = time.time()
    for late in (1, 2, 5, 30):  # up to half an hour of visits, nothing run meanwhile
        monkeypatch.setattr(time, "time", lambda late=late: now + late * DASHBOARD_FRESH_SECONDS)
        dashboard_for(day.organiser, day.event)
    refreshes = DBTaskResult.objects.filter(task_path=refresh_dashboard.module_path)
    assert refreshes.count() == 1
    refresh_dashboard.call(**refreshes.get().args_kwargs["kwargs"])
    monkeypatch.setattr(time, "time", lambda: now + 32 * DASHBOARD_FRESH_SECONDS)
    dashboard_for(day.organiser, day.event)
    assert refreshes.count() == 2
