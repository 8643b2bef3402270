"""Peer benchmarks through the database, the API and the results page."""

from datetime import timedelta
from itertools import product

import pytest
from django.test import Client
from django.utils import timezone

from maillage.conftest import Cast
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import DomainFactory, OrganisationFactory
from maillage.maturity import benchmark, jobs
from maillage.maturity.models import Assessment, AssessmentScore, BenchmarkRelease
from maillage.maturity.tests.conftest import complete
from maillage.maturity.tests.test_disclosure import assert_nothing_small_derivable

pytestmark = pytest.mark.django_db


def scored(
    organisation: Organisation, value: float, *, sequence: int = 0, status: str = "completed"
) -> Assessment:
    assessment = Assessment.objects.create(
        organisation=organisation,
        sequence=sequence,
        questionnaire_version="dma-sme-1",
        status=status,
        completed_at=timezone.now() - timedelta(minutes=1) if status == "completed" else None,
    )
    if status == "completed":
        assessment.score = AssessmentScore.objects.create(
            assessment=assessment,
            rules_version="dma-1",
            d1=value,
            d2=value,
            d3=value,
            d4=value,
            d5=value,
            d6=value,
            overall=value,
        )
        assessment.save(update_fields=["score"])
    return assessment


@pytest.fixture
def digital() -> tuple[object, object]:
    axis = DomainFactory(code="digital-technologies", label_en="Digital technologies")
    sub = DomainFactory(code="big-data", label_en="Big data", parent=axis)
    return axis, sub


def population(
    count: int, *, province: str = "WLG", size: str = "small", sub: object = None
) -> list[Organisation]:
    organisations = []
    for _ in range(count):
        organisation = OrganisationFactory(province=province, size_band=size)
        if sub is not None:
            organisation.domains.add(sub)
        organisations.append(organisation)
    return organisations


def test_drafts_never_count(digital: tuple[object, object]) -> None:
    for organisation in population(12):
        scored(organisation, 40.0)
    for organisation in population(3):
        scored(organisation, 0.0, status="draft")
    jobs.refresh_benchmark()
    found = benchmark.answer(("", "", ""))
    assert (found.suppressed, found.group_size, found.cell.n) == (False, 12, 12)
    assert found.cell.stats["overall"] == {"mean": 40.0, "sd": 0.0}


def test_a_group_one_company_short_of_everyone_is_suppressed(client: Client) -> None:
    for organisation in population(11, province="WLG"):
        scored(organisation, 50.0)
    scored(population(1, province="WNA")[0], 90.0)
    jobs.refresh_benchmark()
    response = client.get("/api/v1/maturity/benchmark?province=WLG")
    assert response.status_code == 200
    body = response.json()
    assert body["suppressed"] is True
    assert (body["group_size"], body["threshold"]) == (11, 10)
    assert body["reason"] == "could_reveal_a_smaller_group"
    assert body["dimensions"] is None
    everyone = client.get("/api/v1/maturity/benchmark").json()
    assert everyone["suppressed"] is False
    assert everyone["n"] == 12
    assert everyone["dimensions"]["D1"] == {
        "mean": pytest.approx(53.3),
        "sd": pytest.approx(11.1, abs=0.1),
    }


def test_small_group_is_suppressed_with_its_size(client: Client) -> None:
    for organisation in population(4, size="medium"):
        scored(organisation, 10.0)
    jobs.refresh_benchmark()
    body = client.get("/api/v1/maturity/benchmark?size=medium").json()
    assert body == {
        "sector": "",
        "size": "medium",
        "province": "",
        "suppressed": True,
        "group_size": 4,
        "threshold": 10,
        "reason": "too_few_peers",
        "n": None,
        "as_of": None,
        "rules": None,
        "dimensions": None,
        "overall": None,
    }


def test_one_newcomer_does_not_update_the_published_figures() -> None:
    for organisation in population(12):
        scored(organisation, 30.0)
    first = jobs.refresh_benchmark()
    assert first is not None
    scored(population(1)[0], 100.0)
    assert jobs.refresh_benchmark() is None
    assert benchmark.answer(("", "", "")).cell.n == 12
    for organisation in population(9):
        scored(organisation, 100.0)
    assert jobs.refresh_benchmark() is not None
    assert benchmark.answer(("", "", "")).cell.n == 22


@pytest.mark.parametrize(
    ("query", "field"),
    [("size=huge", "size"), ("province=XX", "province"), ("sector=nope", "sector")],
)
def test_bad_filters_get_422_naming_the_parameter(client: Client, query: str, field: str) -> None:
    response = client.get(f"/api/v1/maturity/benchmark?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]


def test_every_filter_combination_hides_every_small_group(digital: tuple[object, object]) -> None:
    """Exhaustively through the query path: whatever is asked, what is answered never lets a
    group under the threshold be computed."""
    _axis, sub = digital
    layout = [
        (7, "WLG", "small", sub),
        (5, "WLG", "micro", None),
        (6, "WNA", "small", sub),
        (4, "WNA", "micro", sub),
        (3, "WHT", "small", None),
    ]
    for count, province, size, domain in layout:
        for index, organisation in enumerate(
            population(count, province=province, size=size, sub=domain)
        ):
            scored(organisation, 10.0 * index)
    jobs.refresh_benchmark()
    published = []
    for key in product(
        ["", "digital-technologies", "big-data"], ["", "micro", "small"], ["", "WLG", "WNA", "WHT"]
    ):
        found = benchmark.answer(key)
        if not found.suppressed:
            assert found.cell.n >= 10
            published.append(frozenset(found.cell.members))
    assert published
    assert_nothing_small_derivable(published, 10, largest=2)
    assert BenchmarkRelease.objects.count() == 1


def test_results_page_widens_to_the_next_published_group(client: Client, cast: Cast) -> None:
    for organisation in population(11, province="WNA"):
        scored(organisation, 20.0)
    mine = complete(cast.alice, cast.alice_org)
    jobs.refresh_benchmark()
    assert client.login(email=cast.alice.email, password="correct horse battery")
    html = client.get(
        f"/maturity/assessments/{mine.pk}/", HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    peers = html[html.index('id="peers"') :]
    assert peers.count("<li>") == 1  # no size, no sector: the province only
    assert "No figures can be shown for companies Liège (1 assessed;" in peers
    assert "the next wider group, all assessed companies: 12 companies" in peers
