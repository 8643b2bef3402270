"""The browse pages: lists by status with filters, a call's page; queries per list."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from maillage.calls.eligibility import pack
from maillage.calls.models import Call
from maillage.calls.tests.factories import CallFactory
from maillage.conftest import Cast

pytestmark = pytest.mark.django_db


def _titles(response: Any) -> list[str]:
    return [call.title for call in response.context["calls"]]


def test_call_list_shows_open_calls_deadline_soon_first(client: Client) -> None:
    CallFactory(title="Later", deadlines=[40])
    CallFactory(title="Sooner", deadlines=[4])
    CallFactory(title="Closed", deadlines=[-4])
    response = client.get("/calls/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert _titles(response) == ["Sooner", "Later"]
    assert "(next in 4 days)" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=closed", ["Closed"]),
        ("status=forthcoming", ["Soon to open"]),
        ("status=all&q=robotique", ["Robotics in SMEs"]),
        ("q=ROBOTICS", ["Robotics in SMEs"]),
        ("programme=Digital+Europe", ["Robotics in SMEs"]),
        ("applicant=research", ["Robotics in SMEs", "Research only"]),
        ("applicant=sme", ["Robotics in SMEs"]),
        ("applicant=nonsense", []),
        ("country=de", ["Robotics in SMEs"]),
        ("country=FR", ["Robotics in SMEs", "Research only"]),
        ("relayed_by=alpha", ["Research only"]),
    ],
)
def test_call_list_filters(client: Client, cast: Cast, query: str, expected: list[str]) -> None:
    today = timezone.localdate()
    CallFactory(
        title="Robotics in SMEs",
        topics=["robotique", "automation"],
        programme="Digital Europe",
        deadlines=[10],
        eligible_countries=pack(["EU"]),
    )
    CallFactory(
        title="Research only",
        deadlines=[20],
        eligible_applicants=pack(["research"]),
        eligible_countries=pack(["BE", "FR"]),
        relayed_by=cast.cluster,
    )
    CallFactory(title="Closed", deadlines=[-2])
    CallFactory(title="Soon to open", opens_on=today + dt.timedelta(days=3), deadlines=[60])
    cast.cluster.slug = "alpha"
    cast.cluster.save(update_fields=["slug"])
    assert _titles(client.get(f"/calls/?{query}")) == expected


def test_call_list_htmx_request_gets_the_partial(client: Client) -> None:
    CallFactory(title="Only call")
    response = client.get("/calls/?q=only", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="calls"' in response.text
    assert response["Vary"] == "HX-Request, Cookie" or "HX-Request" in response["Vary"]


@pytest.mark.parametrize("rows", [1, 3])
def test_call_list_queries_do_not_grow_with_rows(
    client: Client, django_assert_num_queries: Any, cast: Cast, rows: int
) -> None:
    for _ in range(rows):
        CallFactory(relayed_by=cast.cluster, deadlines=[5, 50])
    # count, page, deadlines, programmes, relaying clusters
    with django_assert_num_queries(5):
        response = client.get("/calls/")
    assert len(response.context["calls"]) == rows


def test_call_list_paginates_keeping_the_filters(client: Client) -> None:
    for number in range(25):
        CallFactory(title=f"Digital call {number:02d}", deadlines=[number + 1])
    first = client.get("/calls/?q=digital")
    assert len(first.context["calls"]) == 20
    assert "?q=digital&amp;page=2" in first.text
    assert _titles(client.get("/calls/?q=digital&page=2")) == [
        f"Digital call {n:02d}" for n in range(20, 25)
    ]


def test_call_detail_shows_the_call_with_every_cut_off(client: Client, cast: Cast) -> None:
    call = CallFactory(
        title="Green manufacturing",
        deadlines=[-10, 15],
        relayed_by=cast.cluster,
        eligible_applicants=pack(["sme"]),
        eligible_countries=pack(["EU"]),
        amount_max=60000,
        link="https://example.org/green",
    )
    response = client.get(f"/calls/{call.slug}/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    text = response.text
    assert "Green manufacturing" in text
    assert "SMEs and start-ups" in text
    assert "an EU member state" in text
    assert "up to €60,000" in text
    assert "(passed)" in text
    assert "(next)" in text
    assert "https://example.org/green" in text
    assert "Log in to express interest" in text


def test_call_detail_of_an_unknown_call_is_404(client: Client) -> None:
    assert client.get("/calls/no-such-call/").status_code == 404


def test_call_list_is_in_french_by_default(client: Client) -> None:
    CallFactory(title="Any", deadlines=[1])
    response = client.get("/calls/")
    assert "Appels à projets" in response.text
    assert "(prochaine dans 1 jour)" in response.text


def test_synthetic_calls_say_so(client: Client) -> None:
    call = CallFactory(title="Demo call", synthetic=True)
    response = client.get(f"/calls/{call.slug}/", headers={"Accept-Language": "en"})
    assert "synthetic/demo data" in response.text
    assert Call.objects.filter(synthetic=True).count() == 1


def test_call_detail_writes_dates_and_amounts_the_reader_s_way(client: Client) -> None:
    call = CallFactory(
        deadlines=[dt.date(2027, 1, 2)], amount_min=10000, amount_max=60000, budget=2500000
    )
    french = client.get(f"/calls/{call.slug}/", headers={"Accept-Language": "fr"}).text
    assert "2\xa0500\xa0000\xa0€" in french
    assert "à partir de 10\xa0000\xa0€" in french
    dutch = client.get(f"/calls/{call.slug}/", headers={"Accept-Language": "nl"}).text
    assert "€\xa02.500.000" in dutch
    # Dutch abbreviates months in lower case ("M" would give "Jan" in every language).
    assert "2 jan 2027" in dutch
    assert "2 Jan 2027" not in dutch
