from typing import Any

import pytest
from django.core import mail
from django.test import Client, override_settings

from maillage.conftest import Cast
from maillage.events.models import Registration, ScheduleRun
from maillage.events.tests.b2b_fixtures import add_participants
from maillage.events.tests.eventday_fixtures import IMMEDIATE, Day, make_day
from maillage.events.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/events/ict-meets-mecatech-2027/day/"


@pytest.fixture
def actors(cast: Cast, manager: Any) -> dict[str, Any]:
    """Organiser (owner), a participant of the cluster (member) and an outsider."""
    return {"manager": manager, "alice": cast.alice, "charlie": cast.charlie}


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(("who", "status"), [("manager", 200), ("alice", 403), ("charlie", 403)])
def test_eventday_page_permissions(
    client: Client, day: Day, actors: dict[str, Any], who: str, status: int
) -> None:
    client.force_login(actors[who])
    assert client.get(URL).status_code == status


def test_eventday_page_anonymous_redirects_to_login(client: Client, day: Day) -> None:
    assert client.get(URL)["Location"].startswith("/accounts/login/")


def test_eventday_search_with_htmx_returns_matching_rows(client: Client, day: Day) -> None:
    client.force_login(day.organiser)
    response = client.get(f"{URL}?q=org+g", HTTP_HX_REQUEST="true", **EN)
    assert response.content.lstrip().startswith(b'<div id="checkin-rows">')
    assert [r.organisation.name for r in response.context["page"].object_list] == ["Org G SRL"]


def test_eventday_search_by_email(client: Client, day: Day) -> None:
    client.force_login(day.organiser)
    response = client.get(f"{URL}?q=alice@", **EN)
    assert [r.user.email for r in response.context["page"].object_list] == ["alice@example.org"]


@pytest.mark.parametrize("extra", [0, 2])
def test_eventday_page_query_count(
    client: Client, cast: Cast, manager: Any, extra: int, django_assert_num_queries: Any
) -> None:
    """One participant in the check-in list, then three: the same queries."""
    day = make_day(cast, manager)
    Registration.objects.filter(event=day.event).exclude(pk=day.people["A"].pk).update(
        status=Registration.Status.CANCELLED
    )
    add_participants(day.event, extra)
    client.force_login(manager)
    with django_assert_num_queries(13):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == 1 + extra


@pytest.mark.parametrize(
    ("action", "no_show", "checked_in"),
    [("check-in", False, True), ("no-show", True, False)],
)
def test_attendance_htmx_swaps_the_row(
    client: Client, day: Day, action: str, no_show: bool, checked_in: bool
) -> None:
    client.force_login(day.organiser)
    e = day.people["E"]
    response = client.post(
        f"{URL}attendance/{e.pk}/", {"action": action}, HTTP_HX_REQUEST="true", **EN
    )
    assert response.status_code == 200
    assert response.content.lstrip().startswith(f'<tr id="registration-{e.pk}">'.encode())
    e.refresh_from_db()
    assert (e.no_show, e.checked_in_at is not None) == (no_show, checked_in)


def test_attendance_check_in_of_non_participant_gets_422_and_writes_nothing(
    client: Client, day: Day
) -> None:
    stranger = RegistrationFactory()
    client.force_login(day.organiser)
    response = client.post(
        f"{URL}attendance/{stranger.pk}/", {"action": "check-in"}, HTTP_HX_REQUEST="true", **EN
    )
    assert response.status_code == 422
    assert b"This person is not registered for this event." in response.content
    stranger.refresh_from_db()
    assert stranger.checked_in_at is None


def test_attendance_no_show_on_cancelled_registration_shows_message(
    client: Client, day: Day
) -> None:
    g = day.people["G"]
    Registration.objects.filter(pk=g.pk).update(status=Registration.Status.CANCELLED)
    client.force_login(day.organiser)
    response = client.post(f"{URL}attendance/{g.pk}/", {"action": "no-show"}, follow=True, **EN)
    assert _messages(response) == ["A cancelled registration cannot be marked as a no-show."]
    assert Registration.objects.get(pk=g.pk).no_show is False


def test_attendance_unknown_action_is_400(client: Client, day: Day) -> None:
    client.force_login(day.organiser)
    e = day.people["E"]
    assert client.post(f"{URL}attendance/{e.pk}/", {"action": "vanish"}).status_code == 400


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_attendance_by_non_organiser_is_403(
    client: Client, day: Day, actors: dict[str, Any], who: str
) -> None:
    client.force_login(actors[who])
    e = day.people["E"]
    assert client.post(f"{URL}attendance/{e.pk}/", {"action": "no-show"}).status_code == 403
    assert Registration.objects.get(pk=e.pk).no_show is False


def test_replan_without_published_schedule_shows_message(
    client: Client, cast: Cast, manager: Any
) -> None:
    make_day(cast, manager, publish=False)
    client.force_login(manager)
    response = client.post(f"{URL}replan/", follow=True, **EN)
    assert _messages(response) == ["There is no published schedule to re-plan; publish one first."]
    assert not ScheduleRun.objects.filter(is_replan=True).exists()


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_replan_by_non_organiser_is_403(
    client: Client, day: Day, actors: dict[str, Any], who: str
) -> None:
    client.force_login(actors[who])
    assert client.post(f"{URL}replan/").status_code == 403
    assert not ScheduleRun.objects.filter(is_replan=True).exists()


def test_replan_queued_shows_polling_progress(client: Client, day: Day) -> None:
    """With the database queue, the job waits for the worker: the panel polls."""
    client.force_login(day.organiser)
    client.post(f"{URL}replan/")
    run = ScheduleRun.objects.get(is_replan=True)
    response = client.get(f"{URL}runs/{run.pk}/", **EN)
    assert run.status == "queued"
    assert f'hx-get="{URL}runs/{run.pk}/"'.encode() in response.content
    assert b"<progress" in response.content


def test_replan_then_publish_through_pages_notifies_the_changed(client: Client, day: Day) -> None:
    client.force_login(day.organiser)
    client.post(f"{URL}attendance/{day.people['E'].pk}/", {"action": "no-show"})
    with override_settings(TASKS=IMMEDIATE):
        client.post(f"{URL}replan/")
    run = ScheduleRun.objects.get(is_replan=True)
    page = client.get(URL, **EN)
    assert b'id="replan-changes"' in page.content
    assert b"hx-trigger" not in page.content.split(b'id="replan-panel"')[1].split(b">")[0]
    assert [c.kind for c in page.context["changes"]] == ["cancelled", "added", "added"]
    mail.outbox.clear()
    response = client.post(f"{URL}runs/{run.pk}/publish/", follow=True, **EN)
    assert _messages(response) == [
        "The new schedule is published; 3 participants were told of their changes."
    ]
    assert len(mail.outbox) == 3


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_run_panel_and_publish_by_non_organiser_are_403(
    client: Client, day: Day, actors: dict[str, Any], who: str
) -> None:
    run = ScheduleRun.objects.create(event=day.event, is_replan=True)
    client.force_login(actors[who])
    assert client.get(f"{URL}runs/{run.pk}/").status_code == 403
    assert client.post(f"{URL}runs/{run.pk}/publish/").status_code == 403


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "1 confirmed participant: 1 checked in, 0 no-shows, 0 awaited."),
        ("fr", "1 participant confirmé : 1 arrivé, 0 absent, 0 attendu."),
        ("nl", "1 bevestigde deelnemer: 1 ingecheckt, 0 afwezig, 0 verwacht."),
    ],
)
def test_eventday_counts_agree_each_with_its_own_number(
    client: Client, cast: Cast, manager: Any, language: str, expected: str
) -> None:
    day = make_day(cast, manager)
    Registration.objects.filter(event=day.event).exclude(pk=day.people["A"].pk).update(
        status=Registration.Status.CANCELLED
    )
    client.force_login(manager)
    client.post(f"{URL}attendance/{day.people['A'].pk}/", {"action": "check-in"})
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    counts = page.split('id="attendance-counts">')[1].split("</p>")[0]
    assert " ".join(counts.split()) == expected
