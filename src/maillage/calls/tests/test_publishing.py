"""Clusters publish their own calls (cascade funding): managers only, checked input."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from maillage.accounts.models import User
from maillage.calls.models import Call
from maillage.calls.tests.factories import CallFactory
from maillage.conftest import Cast

pytestmark = pytest.mark.django_db


def _form(cast: Cast, **changes: object) -> dict[str, object]:
    today = timezone.localdate()
    data: dict[str, object] = {
        "network": cast.cluster.pk,
        "title": "GreenAdopt: demonstrators for SMEs",
        "summary": "Direct funding of SMEs adopting green manufacturing.",
        "funder": "GEMSTONE Eurocluster",
        "programme": "Single Market Programme — Euroclusters",
        "topics": "green manufacturing, energy efficiency, proof of concept",
        "applicants": ["sme"],
        "countries": "BE, FR, IT",
        "amount_min": "10000",
        "amount_max": "60000",
        "opens_on": today.isoformat(),
        "deadlines": f"{(today + dt.timedelta(days=90)).isoformat()}, "
        f"{(today + dt.timedelta(days=30)).isoformat()}",
        "link": "https://example.org/greenadopt",
    }
    data.update(changes)
    return data


def test_manager_publishes_a_call_relayed_by_their_cluster(
    client: Client, cast: Cast, manager: User
) -> None:
    client.force_login(manager)
    response = client.post("/calls/new/", _form(cast))
    call = Call.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/calls/{call.slug}/"
    year = timezone.localdate().year
    assert call.reference == f"ALPHA-{year}-01"
    assert (call.source, call.relayed_by, call.created_by) == (
        Call.Source.CLUSTER,
        cast.cluster,
        manager,
    )
    assert call.topics == ["green manufacturing", "energy efficiency", "proof of concept"]
    assert (call.eligible_applicants, call.eligible_countries) == (",sme,", ",BE,FR,IT,")
    assert [d.date for d in call.deadlines.order_by("date")] == sorted(
        timezone.localdate() + dt.timedelta(days=n) for n in (30, 90)
    )
    client.post("/calls/new/", _form(cast, title="GreenTrain"))
    assert Call.objects.get(title="GreenTrain").reference == f"ALPHA-{year}-02"


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_only_managers_publish(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    assert client.get("/calls/new/").status_code == 403
    assert client.post("/calls/new/", _form(cast)).status_code == 403
    assert not Call.objects.exists()


def test_a_manager_cannot_publish_for_another_cluster(
    client: Client, cast: Cast, manager: User
) -> None:
    client.force_login(manager)
    response = client.post("/calls/new/", _form(cast, network=cast.other_cluster.pk))
    assert response.status_code == 422
    assert not Call.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"opens_on": "2030-05-01", "deadlines": "2030-04-01"},
            "deadlines",
            "The deadline 2030-04-01 is before the opening date 2030-05-01.",
        ),
        ({"deadlines": "2030-13-01"}, "deadlines", "2030-13-01 is not a date (YYYY-MM-DD)."),
        ({"deadlines": ""}, "deadlines", "This field is required."),
        ({"amount_min": "9000", "amount_max": "100"}, "amount_max", "smaller than the smallest"),
        ({"amount_min": "-5"}, "amount_min", "An amount cannot be negative."),
        ({"countries": "BE, XX"}, "countries", "XX is not a country code"),
        ({"applicants": ["pirates"]}, "applicants", "Select a valid choice."),
        ({"link": "not a link"}, "link", "Enter a valid URL."),
    ],
)
def test_publish_refuses_bad_input_next_to_its_field(
    *,
    client: Client,
    cast: Cast,
    manager: User,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    client.force_login(manager)
    response = client.post("/calls/new/", _form(cast, **changes), headers={"Accept-Language": "en"})
    assert response.status_code == 422
    errors = [str(e) for e in response.context["form"].errors[field]]
    assert any(message in error for error in errors), errors
    assert not Call.objects.exists()


def test_manager_edits_their_call_and_nobody_else_does(
    client: Client, cast: Cast, manager: User
) -> None:
    call = CallFactory(relayed_by=cast.cluster, source=Call.Source.CLUSTER, deadlines=[10])
    url = f"/calls/{call.slug}/edit/"
    client.force_login(cast.alice)
    assert client.get(url).status_code == 403
    client.force_login(manager)
    form = client.get(url).context["form"]
    assert form.initial["title"] == call.title
    response = client.post(url, _form(cast, title="Renamed", deadlines="2031-01-01"))
    assert response.status_code == 302
    call.refresh_from_db()
    assert call.title == "Renamed"
    assert [d.date for d in call.deadlines.all()] == [dt.date(2031, 1, 1)]


def test_imported_calls_are_not_edited_on_the_web(
    client: Client, cast: Cast, manager: User
) -> None:
    call = CallFactory(relayed_by=cast.cluster, source=Call.Source.PORTAL)
    client.force_login(manager)
    assert client.get(f"/calls/{call.slug}/edit/").status_code == 403
