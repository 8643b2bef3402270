"""The 403 page names the refusal of the permission check that failed; refused and missing
pages log one line, without a traceback."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from maillage.conftest import Cast

pytestmark = pytest.mark.django_db

EN = {"Accept-Language": "en"}


def test_forbidden_page_shows_the_refusal_of_the_events_check(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    response = client.get(reverse("events:setup_create"), headers=EN)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only cluster and pole managers and platform administrators can set up events." in html
    assert "may change it" not in html


def test_forbidden_page_shows_the_refusal_of_the_organisation_check(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.bob)
    response = client.get(
        reverse("ecosystem:organisation_edit", args=[cast.alice_org.slug]), headers=EN
    )
    assert response.status_code == 403
    assert (
        "Only the organisation&#x27;s representatives, the managers of its clusters or poles and"
        " the platform administrators may change it." in response.content.decode()
    )


def test_forbidden_page_is_in_french_by_default(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    response = client.get(reverse("events:setup_create"))
    assert response.status_code == 403
    assert "Seuls les gestionnaires" in response.content.decode()


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/events/new/", 403, "Forbidden (Permission denied): /events/new/"),
        ("/events/no-such-event/", 404, "Not Found: /events/no-such-event/"),
    ],
)
def test_refused_request_logs_one_line_without_traceback(
    *,
    client: Client,
    cast: Cast,
    caplog: pytest.LogCaptureFixture,
    path: str,
    status: int,
    message: str,
) -> None:
    client.force_login(cast.bob)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(path)
    assert response.status_code == status
    records = [r for r in caplog.records if r.name == "django.request"]
    assert [r.getMessage() for r in records] == [message]
    assert records[0].exc_info is None
    assert "Traceback" not in caplog.text
