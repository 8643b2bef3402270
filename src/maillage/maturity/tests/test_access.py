"""Nobody but the company, its hub advisor and admins sees an individual assessment; only its
representatives and that advisor fill it in (owner / member / outsider on every page and
endpoint)."""

import io

import pytest
from django.test import Client
from pypdf import PdfReader

from maillage.conftest import PASSWORD, Cast
from maillage.maturity import services
from maillage.maturity.models import Assessment
from maillage.maturity.tests.conftest import Hub, complete

pytestmark = pytest.mark.django_db

VIEW = {
    "alice": 200,
    "colleague": 200,
    "advisor": 200,
    "admin": 200,
    "bob": 403,
    "charlie": 403,
    "hub_manager": 403,
    "former_advisor": 403,
}
FILL = {**VIEW, "colleague": 403}


def _who(cast: Cast, hub: Hub, name: str):
    if name == "former_advisor":
        services.end_follow(actor=hub.manager, follow=hub.follow)
        return hub.advisor
    people = {
        "alice": cast.alice,
        "bob": cast.bob,
        "charlie": cast.charlie,
        "colleague": hub.colleague,
        "advisor": hub.advisor,
        "admin": hub.admin,
        "hub_manager": hub.manager,
    }
    return people[name]


@pytest.fixture
def done(cast: Cast, hub: Hub) -> Assessment:
    return complete(cast.alice, cast.alice_org)


@pytest.mark.parametrize("name", sorted(VIEW))
@pytest.mark.parametrize(
    "path",
    [
        "/maturity/assessments/{pk}/",
        "/maturity/assessments/{pk}/report.pdf",
        "/maturity/organisations/{slug}/",
        "/api/v1/maturity/assessments/{pk}",
    ],
)
def test_viewing(  # noqa: PLR0917 - pytest fixtures
    client: Client, cast: Cast, hub: Hub, done: Assessment, name: str, path: str
) -> None:
    user = _who(cast, hub, name)
    client.force_login(user)
    response = client.get(path.format(pk=done.pk, slug=cast.alice_org.slug))
    assert response.status_code == VIEW[name]


@pytest.mark.parametrize("name", sorted(FILL))
def test_filling(client: Client, cast: Cast, hub: Hub, name: str) -> None:
    draft = services.start_assessment(actor=cast.alice, organisation=cast.alice_org)
    client.force_login(_who(cast, hub, name))
    page = client.get(f"/maturity/assessments/{draft.pk}/D1/")
    saved = client.put(
        f"/api/v1/maturity/assessments/{draft.pk}/dimensions/D5",
        {"answers": {"Q9": {"Q9.1": 2}}},
        content_type="application/json",
    )
    assert page.status_code == FILL[name]
    assert saved.status_code == FILL[name]
    draft.refresh_from_db()
    assert draft.steps_done == (["D5"] if FILL[name] == 200 else [])


@pytest.mark.parametrize(
    "path",
    [
        "/maturity/assessments/{pk}/",
        "/maturity/assessments/{pk}/report.pdf",
        "/maturity/organisations/{slug}/",
        "/maturity/",
    ],
)
def test_anonymous_is_sent_to_log_in(
    client: Client, cast: Cast, done: Assessment, path: str
) -> None:
    response = client.get(path.format(pk=done.pk, slug=cast.alice_org.slug))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_api_lists_only_visible_assessments(
    client: Client, cast: Cast, hub: Hub, done: Assessment
) -> None:
    complete(cast.charlie, cast.charlie_org)
    client.force_login(hub.advisor)
    body = client.get("/api/v1/maturity/assessments").json()
    assert [item["organisation"] for item in body["items"]] == [cast.alice_org.slug]
    client.force_login(cast.bob)
    assert client.get("/api/v1/maturity/assessments").json()["count"] == 0
    assert client.get(f"/api/v1/maturity/assessments/{done.pk}").status_code == 403


def test_pdf_holds_the_scores(client: Client, cast: Cast, done: Assessment) -> None:
    assert client.login(email=cast.alice.email, password=PASSWORD)
    response = client.get(f"/maturity/assessments/{done.pk}/report.pdf", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Digital maturity of Alice Robotics SRL, T0" in text
    assert "Data management and connectedness" in text
    assert "100.0" in text


def test_hub_pages_are_for_the_hub_people(client: Client, cast: Cast, hub: Hub) -> None:
    for user, status in [
        (hub.advisor, 200),
        (hub.manager, 200),
        (hub.admin, 200),
        (cast.alice, 403),
        (cast.charlie, 403),
    ]:
        client.force_login(user)
        assert client.get(f"/maturity/hubs/{hub.hub.slug}/").status_code == status
        assert client.get(f"/maturity/hubs/{hub.hub.slug}/edih-export.csv").status_code == status
        assert client.get(f"/api/v1/maturity/hubs/{hub.hub.slug}/progress").status_code == status


def test_only_hub_managers_make_advisors_follow(client: Client, cast: Cast, hub: Hub) -> None:
    data = {"advisor": hub.advisor.pk, "organisation": cast.bob_org.slug}
    client.force_login(hub.advisor)
    assert client.post(f"/maturity/hubs/{hub.hub.slug}/follows/", data).status_code == 403
    client.force_login(hub.manager)
    assert client.post(f"/maturity/hubs/{hub.hub.slug}/follows/", data).status_code == 302
    assert hub.advisor.followed_companies.filter(organisation=cast.bob_org).exists()


def test_company_representative_ends_a_follow(
    client: Client, cast: Cast, hub: Hub, done: Assessment
) -> None:
    client.force_login(cast.bob)
    assert client.post(f"/maturity/follows/{hub.follow.pk}/end/").status_code == 403
    client.force_login(cast.alice)
    assert client.post(f"/maturity/follows/{hub.follow.pk}/end/").status_code == 302
    client.force_login(hub.advisor)
    assert client.get(f"/maturity/assessments/{done.pk}/").status_code == 403
