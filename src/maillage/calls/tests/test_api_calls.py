"""``GET /api/v1/calls``: the contract, its filters, the same rows as the page."""

from typing import Any

import pytest
from django.test import Client

from maillage.calls.eligibility import pack
from maillage.calls.tests.factories import CallFactory
from maillage.conftest import Cast

pytestmark = pytest.mark.django_db


def test_api_calls_items_follow_the_contract(client: Client, cast: Cast) -> None:
    call = CallFactory(
        reference="GEMSTONE-2027-01",
        title="GEMSTONE open call",
        programme="Euroclusters",
        deadlines=[5, 40],
        relayed_by=cast.cluster,
        link="https://example.org/gemstone",
    )
    CallFactory(reference="PLAIN-1", title="No cluster", deadlines=[60])
    body = client.get("/api/v1/calls?status=open").json()
    assert (body["count"], body["limit"], body["offset"]) == (2, 50, 0)
    first = body["items"][0]
    assert {k: first[k] for k in ("reference", "title", "programme", "status", "url")} == {
        "reference": "GEMSTONE-2027-01",
        "title": "GEMSTONE open call",
        "programme": "Euroclusters",
        "status": "open",
        "url": "https://example.org/gemstone",
    }
    assert first["deadlines"] == [d.date.isoformat() for d in call.deadlines.order_by("date")]
    assert first["relayed_by"] == cast.cluster.slug
    assert body["items"][1]["relayed_by"] is None
    assert body["items"][1]["url"] == body["items"][1]["page"] == "/calls/plain-1/"


def test_api_calls_without_status_lists_every_call(client: Client) -> None:
    CallFactory(deadlines=[-3])
    CallFactory(deadlines=[3])
    assert client.get("/api/v1/calls").json()["count"] == 2
    assert client.get("/api/v1/calls?status=closed").json()["count"] == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("search=twin", ["TWIN"]),
        ("search=jumeau", []),
        ("country=DE", ["TWIN"]),
        ("country=be", ["TWIN", "WALLONIA"]),
        ("status=open&country=BE&search=wallon", ["WALLONIA"]),
        ("applicant=research", ["TWIN"]),
    ],
)
def test_api_calls_filters_match_the_page(client: Client, query: str, expected: list[str]) -> None:
    CallFactory(reference="TWIN", title="Digital twin", deadlines=[3], eligible_countries="")
    CallFactory(
        reference="WALLONIA",
        title="Wallonia SMEs",
        deadlines=[9],
        eligible_countries=pack(["BE"]),
        eligible_applicants=pack(["sme"]),
    )
    api = [item["reference"] for item in client.get(f"/api/v1/calls?{query}").json()["items"]]
    page_query = query.replace("search=", "q=") + ("" if "status=" in query else "&status=all")
    page = [c.reference for c in client.get(f"/calls/?{page_query}").context["calls"]]
    assert api == page == expected


def test_api_calls_paginates(client: Client) -> None:
    for day in range(5):
        CallFactory(reference=f"R{day}", deadlines=[day + 1])
    body = client.get("/api/v1/calls?limit=2&offset=2").json()
    assert [item["reference"] for item in body["items"]] == ["R2", "R3"]
    assert body["count"] == 5


@pytest.mark.parametrize(
    ("query", "field"),
    [("status=someday", "status"), ("limit=0", "limit"), ("country=BEL", "country")],
)
def test_api_calls_refuses_bad_parameters(client: Client, query: str, field: str) -> None:
    response = client.get(f"/api/v1/calls?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


@pytest.mark.parametrize("rows", [1, 3])
def test_api_calls_queries_do_not_grow_with_rows(
    client: Client, django_assert_num_queries: Any, cast: Cast, rows: int
) -> None:
    for _ in range(rows):
        CallFactory(relayed_by=cast.cluster, deadlines=[4, 8])
    with django_assert_num_queries(3):  # count, page, deadlines
        assert len(client.get("/api/v1/calls").json()["items"]) == rows


def test_api_call_detail(client: Client) -> None:
    call = CallFactory(
        reference="DETAIL-1",
        topics=["robotics"],
        eligible_applicants=pack(["sme", "research"]),
        eligible_countries=pack(["EU"]),
        amount_max=50000,
    )
    body = client.get(f"/api/v1/calls/{call.slug}").json()
    assert body["topics"] == ["robotics"]
    assert body["eligible_applicants"] == ["research", "sme"]
    assert body["eligible_countries"] == ["EU"]
    assert body["amount_max"] == 50000.0
    missing = client.get("/api/v1/calls/nope")
    assert (missing.status_code, missing["Content-Type"]) == (404, "application/problem+json")


def test_api_calls_consortium_ids_past_64_bits_are_refused(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    huge = 2**70
    assert client.get(f"/api/v1/calls/consortia/{huge}/partners").status_code == 422
    assert client.post(f"/api/v1/calls/consortia/{huge}/invitations/1/decline").status_code == 422
    assert client.post(f"/api/v1/calls/consortia/1/invitations/{huge}/accept").status_code == 422
