"""Calls that fit a member: eligible calls ranked by the real matching engine, with reasons."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from maillage.accounts.models import User
from maillage.calls.eligibility import pack
from maillage.calls.jobs import execute_fit_run
from maillage.calls.models import Call, CallFitRun
from maillage.calls.services.background import call_fits_for
from maillage.calls.tests.factories import CallFactory
from maillage.conftest import Cast
from maillage.core.progress import JobStatus
from maillage.ecosystem.tests.factories import DomainFactory
from maillage.marketplace.models import Listing

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _embeddings_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path


@pytest.fixture
def calls(cast: Cast) -> dict[str, Call]:
    return {
        "twin": CallFactory(
            title="Digital twins of production lines",
            summary="Manufacturers build digital twins to reconfigure lines and plan maintenance.",
            topics=["digital twin", "predictive maintenance", "industrial robotics"],
            deadlines=[20],
            relayed_by=cast.cluster,
        ),
        "food": CallFactory(
            title="Artificial intelligence in food processing",
            summary="Food processors test AI for sorting and quality control of vegetables.",
            topics=["agri-food", "food quality", "sorting"],
            deadlines=[10],
        ),
        "health": CallFactory(
            title="Virtual reality for emergency medical teams",
            summary="Hospitals train nurses and doctors for emergencies with immersive simulation.",
            topics=["virtual reality", "medical training", "hospitals"],
            deadlines=[40],
        ),
        "research_only": CallFactory(
            title="Predictive maintenance research chairs",
            topics=["predictive maintenance"],
            eligible_applicants=pack(["research"]),
            deadlines=[30],
        ),
        "german_only": CallFactory(
            title="Robotics for German SMEs",
            topics=["industrial robotics"],
            eligible_countries=pack(["DE"]),
            deadlines=[30],
        ),
        "closed": CallFactory(title="Robotics, closed", topics=["robotics"], deadlines=[-3]),
    }


def _robotics_profile(cast: Cast) -> None:
    organisation = cast.alice_org
    organisation.descriptions = {
        "en": "Mechatronics SME: we build robotic cells and predictive maintenance for factories.",
        "fr": "PME de mécatronique : cellules robotisées et maintenance prédictive.",
    }
    organisation.save()
    Listing.objects.create(
        organisation=organisation,
        direction=Listing.Direction.OFFER,
        category=Listing.Category.TECHNOLOGY,
        title="Digital twin and predictive maintenance of production lines",
        expires_at=timezone.now() + timezone.timedelta(days=30),
    )


def test_ranking_puts_the_fitting_call_first_with_reasons(
    cast: Cast, calls: dict[str, Call], english: None
) -> None:
    _robotics_profile(cast)
    run = call_fits_for(actor=cast.alice, organisation=cast.alice_org)
    execute_fit_run(run.pk)
    run.refresh_from_db()
    assert run.status == JobStatus.DONE
    fits = run.result["fits"]
    ranked = [fit["call"] for fit in fits]
    # Ineligible (research only, Germany only) and closed calls are not ranked at all.
    assert sorted(ranked) == sorted(c.pk for c in (calls["twin"], calls["food"], calls["health"]))
    assert ranked[0] == calls["twin"].pk
    codes = [code for code, _params in fits[0]["reasons"]]
    assert "offer_meets_need" in codes
    assert ["call_relayed_by_your_cluster", {"cluster": "Alpha"}] in fits[0]["reasons"]
    assert ["call_next_deadline", {"days": 20.0}] in fits[0]["reasons"]


def test_calls_for_you_page_runs_in_the_background_then_shows_the_ranking(
    client: Client, cast: Cast, calls: dict[str, Call]
) -> None:
    _robotics_profile(cast)
    client.force_login(cast.alice)
    first = client.get("/calls/for-you/", headers={"Accept-Language": "en"})
    assert "The matching engine is reading the calls for Alice Robotics SRL" in first.text
    run = CallFitRun.objects.get()
    execute_fit_run(run.pk)
    assert client.get("/calls/for-you/", headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    page = client.get("/calls/for-you/", headers={"Accept-Language": "en"})
    fits = page.context["fits"]
    assert fits[0]["call"] == calls["twin"]
    assert "Relayed by Alpha, one of your clusters" in fits[0]["reasons"]
    assert "The next deadline is in 20 days" in fits[0]["reasons"]
    assert any(reason.startswith("Your offer “Digital twin") for reason in fits[0]["reasons"])
    assert "3 open or forthcoming calls are open to Alice Robotics SRL" in page.text
    # Visiting again reuses the ranking; a change to the calls makes a new one.
    client.get("/calls/for-you/")
    assert CallFitRun.objects.count() == 1
    CallFactory(title="Another call", deadlines=[5])
    client.get("/calls/for-you/")
    assert CallFitRun.objects.count() == 2


def test_calls_for_you_for_someone_without_organisation(client: Client) -> None:
    client.force_login(User.objects.create_user("lonely@example.org", "x"))
    response = client.get("/calls/for-you/", headers={"Accept-Language": "en"})
    assert "Your account is not linked to an organisation yet" in response.text
    assert not CallFitRun.objects.exists()


def test_calls_for_you_of_another_organisation_is_404(
    client: Client, cast: Cast, calls: dict[str, Call]
) -> None:
    client.force_login(cast.charlie)
    response = client.get(f"/calls/for-you/?organisation={cast.alice_org.slug}")
    assert response.status_code == 404
    assert not CallFitRun.objects.filter(organisation=cast.alice_org).exists()


def test_call_fits_for_refuses_outsiders(cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        call_fits_for(actor=cast.charlie, organisation=cast.alice_org)


def test_calls_for_you_requires_login(client: Client) -> None:
    assert client.get("/calls/for-you/").status_code == 302


def test_calls_for_you_name_shared_domains_in_the_readers_language(
    client: Client, cast: Cast
) -> None:
    robotics = DomainFactory(label_en="Industrial robotics", label_fr="Robotique industrielle")
    twins = DomainFactory(label_en="Digital twins", label_fr="Jumeaux numériques")
    cast.alice_org.descriptions = {"fr": "PME de mécatronique : cellules robotisées."}
    cast.alice_org.save()
    cast.alice_org.domains.add(robotics, twins)
    # Topics name domains by either language's label, whatever their case and accents.
    CallFactory(
        title="Digital twins of production lines",
        topics=["industrial robotics", "JUMEAUX NUMERIQUES", "simulation"],
        deadlines=[20],
    )
    client.force_login(cast.alice)
    client.get("/calls/for-you/")
    execute_fit_run(CallFitRun.objects.get().pk)
    french = client.get("/calls/for-you/").context["fits"][0]["reasons"]
    assert "Domaines communs : Robotique industrielle, Jumeaux numériques" in french
    english = client.get("/calls/for-you/", headers={"Accept-Language": "en"})
    assert (
        "Shared domains: Industrial robotics, Digital twins"
        in english.context["fits"][0]["reasons"]
    )
