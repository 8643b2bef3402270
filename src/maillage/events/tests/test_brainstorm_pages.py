import csv
import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from openpyxl import load_workbook

from maillage.conftest import Cast
from maillage.ecosystem.models import Project
from maillage.events.models import Challenge, Idea, IdeaMember, IdeaVote, Registration, Workshop
from maillage.events.services.brainstorming import post_challenge, post_idea
from maillage.events.tests.b2b_fixtures import B2B, add_participants, make_b2b

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/events/ict-meets-mecatech/brainstorming/"


@pytest.fixture
def b2b(cast: Cast) -> Iterator[B2B]:
    cache.clear()
    yield make_b2b(cast)
    cache.clear()


@pytest.fixture
def challenge(b2b: B2B) -> Challenge:
    workshop = Workshop.objects.create(event=b2b.event, title="Industry 4.0")
    return post_challenge(
        registration=b2b.alice_reg, workshop=workshop, title="Zero-defect machining"
    )


@pytest.fixture
def actors(cast: Cast, manager: Any) -> dict[str, Any]:
    return {"alice": cast.alice, "bob": cast.bob, "charlie": cast.charlie, "manager": manager}


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("charlie", 403), ("manager", 200)]
)
def test_brainstorm_page_permissions(
    client: Client, challenge: Challenge, actors: dict[str, Any], who: str, status: int
) -> None:
    client.force_login(actors[who])
    assert client.get(URL).status_code == status


def test_post_challenge(client: Client, b2b: B2B, cast: Cast) -> None:
    workshop = Workshop.objects.create(event=b2b.event, title="Industry 4.0")
    client.force_login(cast.alice)
    client.post(f"{URL}challenge/", {"workshop": workshop.pk, "title": "Traceability"})
    posted = Challenge.objects.get()
    assert (posted.title, posted.organisation) == ("Traceability", cast.alice_org)


def test_post_challenge_by_research_is_forbidden(client: Client, b2b: B2B, cast: Cast) -> None:
    Registration.objects.filter(pk=b2b.bob_reg.pk).update(role=Registration.Role.RESEARCH)
    workshop = Workshop.objects.create(event=b2b.event, title="Industry 4.0")
    client.force_login(cast.bob)
    response = client.post(f"{URL}challenge/", {"workshop": workshop.pk, "title": "X"})
    assert response.status_code == 403
    assert not Challenge.objects.exists()


def test_post_idea_joins_author_to_team(client: Client, challenge: Challenge, cast: Cast) -> None:
    client.force_login(cast.bob)
    client.post(f"{URL}idea/", {"challenge": challenge.pk, "text": "Vision AI on the line"})
    idea = Idea.objects.get()
    assert [m.registration.user for m in idea.members.all()] == [cast.bob]


def test_post_empty_idea_is_refused(client: Client, challenge: Challenge, cast: Cast) -> None:
    client.force_login(cast.bob)
    response = client.post(
        f"{URL}idea/", {"challenge": challenge.pk, "text": ""}, follow=True, **EN
    )
    assert [str(m) for m in response.context["messages"]] == ["Write your idea."]
    assert not Idea.objects.exists()


def test_post_idea_by_outsider_is_forbidden(
    client: Client, challenge: Challenge, cast: Cast
) -> None:
    client.force_login(cast.charlie)
    response = client.post(f"{URL}idea/", {"challenge": challenge.pk, "text": "Sneaky"})
    assert response.status_code == 403
    assert not Idea.objects.exists()


def test_vote_twice_is_refused(client: Client, b2b: B2B, challenge: Challenge, cast: Cast) -> None:
    idea = post_idea(registration=b2b.bob_reg, challenge=challenge, text="Vision AI")
    client.force_login(cast.alice)
    client.post(f"{URL}vote/", {"idea": idea.pk}, follow=True)
    response = client.post(f"{URL}vote/", {"idea": idea.pk}, follow=True, **EN)
    assert [str(m) for m in response.context["messages"]] == ["You already voted for this idea."]
    assert IdeaVote.objects.count() == 1


def test_join_and_make_project_idea(
    client: Client, b2b: B2B, challenge: Challenge, cast: Cast
) -> None:
    idea = post_idea(registration=b2b.bob_reg, challenge=challenge, text="Vision AI")
    client.force_login(cast.alice)
    client.post(f"{URL}join/", {"idea": idea.pk})
    client.post(f"{URL}project/", {"idea": idea.pk})
    project = Project.objects.get()
    partners = {p.organisation.name: p.role for p in project.partners.all()}
    assert partners == {"Bob Logistics SA": "coordinator", "Alice Robotics SRL": "partner"}
    assert project.programme == "ICT meets MecaTech"
    idea.refresh_from_db()
    assert idea.became_project_at is not None


def test_make_project_idea_with_single_organisation_is_refused(
    client: Client, b2b: B2B, challenge: Challenge, cast: Cast
) -> None:
    idea = post_idea(registration=b2b.bob_reg, challenge=challenge, text="Vision AI")
    client.force_login(cast.bob)
    response = client.post(f"{URL}project/", {"idea": idea.pk}, follow=True, **EN)
    assert [str(m) for m in response.context["messages"]] == [
        "A partnership needs members from at least two organisations."
    ]
    assert not Project.objects.exists()


def test_export_csv_by_organiser(
    client: Client, b2b: B2B, challenge: Challenge, manager: Any
) -> None:
    idea = post_idea(registration=b2b.bob_reg, challenge=challenge, text="Vision AI")
    IdeaMember.objects.create(idea=idea, registration=b2b.alice_reg)
    client.force_login(manager)
    response = client.get(f"{URL}ideas.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["challenge", "idea", "votes", "organisation", "member", "email"],
        ["Zero-defect machining", "Vision AI", "0", "Bob Logistics SA", "Bob", "bob@example.org"],
        [
            "Zero-defect machining",
            "Vision AI",
            "0",
            "Alice Robotics SRL",
            "Alice",
            "alice@example.org",
        ],
    ]


def test_export_xlsx_by_organiser(
    client: Client, b2b: B2B, challenge: Challenge, manager: Any
) -> None:
    post_idea(registration=b2b.bob_reg, challenge=challenge, text="Vision AI")
    client.force_login(manager)
    response = client.get(f"{URL}ideas.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert [cell.value for cell in sheet[2]] == [
        "Zero-defect machining",
        "Vision AI",
        "0",
        "Bob Logistics SA",
        "Bob",
        "bob@example.org",
    ]


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_export_by_non_organiser_is_forbidden(
    client: Client, challenge: Challenge, cast: Cast, who: str
) -> None:
    client.force_login(getattr(cast, who))
    assert client.get(f"{URL}ideas.csv").status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_brainstorm_page_query_count(
    client: Client, b2b: B2B, challenge: Challenge, count: int, django_assert_num_queries: Any
) -> None:
    for other in add_participants(b2b.event, count):
        idea = post_idea(registration=other, challenge=challenge, text=f"Idea {other.pk}")
        IdeaVote.objects.create(idea=idea, registration=b2b.alice_reg)
    client.force_login(b2b.alice_reg.user)
    client.get(URL)
    with django_assert_num_queries(12):
        response = client.get(URL)
    assert len(response.context["workshops"][0].challenges.all()[0].ideas.all()) == count


def test_action_on_an_idea_id_that_is_no_number_is_a_404(
    client: Client, challenge: Challenge, cast: Cast
) -> None:
    client.force_login(cast.alice)
    assert client.post(f"{URL}vote/", {"idea": "x1"}).status_code == 404
    assert client.post(f"{URL}vote/", {}).status_code == 404
