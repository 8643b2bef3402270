"""Suggestion feedback: the service, the query that feeds the engine, and the events page."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.test import Client

from maillage.accounts.models import Affiliation
from maillage.conftest import Cast
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.tests.factories import AffiliationFactory, UserFactory
from maillage.events.tests.b2b_fixtures import B2B, add_participants, make_b2b
from maillage.matching.models import SuggestionFeedback
from maillage.matching.queries import feedback_store
from maillage.matching.services import record_feedback

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
URL = "/events/ict-meets-mecatech/b2b/"
HTMX = {"HTTP_HX_REQUEST": "true", **EN}


@pytest.fixture
def b2b(cast: Cast) -> Iterator[B2B]:
    cache.clear()
    yield make_b2b(cast)
    cache.clear()


def test_record_feedback_by_owner_replaces_earlier_judgement(cast: Cast) -> None:
    record_feedback(user=cast.alice, subject=cast.alice_org, suggested=cast.bob_org, useful=True)
    record_feedback(user=cast.alice, subject=cast.alice_org, suggested=cast.bob_org, useful=False)
    row = SuggestionFeedback.objects.get()
    assert (row.user, row.subject, row.suggested, row.useful) == (
        cast.alice,
        cast.alice_org,
        cast.bob_org,
        False,
    )


@pytest.mark.parametrize("who", ["bob", "charlie", "anonymous"])
def test_record_feedback_for_someone_elses_organisation_is_forbidden(
    cast: Cast, who: str, english: None
) -> None:
    user = None if who == "anonymous" else getattr(cast, who)
    with pytest.raises(PermissionDenied):
        record_feedback(user=user, subject=cast.alice_org, suggested=cast.bob_org, useful=True)
    assert not SuggestionFeedback.objects.exists()


@pytest.mark.parametrize(
    ("suggested", "useful", "field", "message"),
    [
        ("alice_org", True, "suggested", "An organisation is never suggested to itself."),
        (None, True, "suggested", "Choose the suggestion to judge."),
        ("bob_org", None, "__all__", "Say whether the suggestion is useful or not."),
    ],
)
def test_record_feedback_bad_input_is_refused(
    cast: Cast,
    english: None,
    *,
    suggested: str | None,
    useful: bool | None,
    field: str,
    message: str,
) -> None:
    with pytest.raises(ValidationFailed) as error:
        record_feedback(
            user=cast.alice,
            subject=cast.alice_org,
            suggested=getattr(cast, suggested) if suggested else None,
            useful=useful,
        )
    assert error.value.errors == {field: [message]}
    assert not SuggestionFeedback.objects.exists()


def test_feedback_store_keeps_the_latest_judgement_of_the_organisation(cast: Cast) -> None:
    colleague = UserFactory(email="colleague@example.org")
    AffiliationFactory(user=colleague, organisation=cast.alice_org, role=Affiliation.Role.MEMBER)
    record_feedback(user=cast.alice, subject=cast.alice_org, suggested=cast.bob_org, useful=True)
    record_feedback(user=colleague, subject=cast.alice_org, suggested=cast.bob_org, useful=False)
    record_feedback(
        user=cast.charlie, subject=cast.charlie_org, suggested=cast.alice_org, useful=True
    )
    profiles = {"a1": cast.alice_org.pk, "a2": cast.alice_org.pk, "b": cast.bob_org.pk}
    store = feedback_store(organisation_of=profiles)
    assert store.marks_for("a1") == {"b": False}
    assert store.marks_for("a2") == {"b": False}
    assert store.marks_for("b") == {}
    assert len(store) == 2  # charlie's organisation is not among the profiles


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 200), ("charlie", 403), ("manager", 403)]
)
def test_feedback_page_permissions(
    client: Client, b2b: B2B, cast: Cast, manager: Any, *, who: str, status: int
) -> None:
    """Participants judge their own suggestions; outsiders and organisers have none."""
    actors = {"alice": cast.alice, "bob": cast.bob, "charlie": cast.charlie, "manager": manager}
    other = b2b.alice_reg if who == "bob" else b2b.bob_reg
    client.force_login(actors[who])
    response = client.post(f"{URL}feedback/", {"suggested": other.pk, "useful": "yes"}, **HTMX)
    assert response.status_code == status
    assert SuggestionFeedback.objects.count() == (1 if status == 200 else 0)


def test_feedback_not_useful_removes_the_suggestion_from_later_rankings(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    add_participants(b2b.event, 3)
    client.force_login(cast.alice)
    before = client.get(f"{URL}suggestions/").context["suggestions"]
    assert before[0].registration == b2b.bob_reg
    response = client.post(f"{URL}feedback/", {"suggested": b2b.bob_reg.pk, "useful": "no"}, **HTMX)
    assert response.status_code == 200
    assert b"Marked not useful: it will not be suggested again." in response.content
    after = client.get(f"{URL}suggestions/").context["suggestions"]
    # The others stay (their order may move: the query now leans away from bob's profile).
    assert {s.registration for s in after} == {s.registration for s in before[1:]}
    assert len(after) == 3


def test_feedback_useful_keeps_the_suggestion_first_and_says_so(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    others = add_participants(b2b.event, 3)
    client.force_login(cast.alice)
    before = client.get(f"{URL}suggestions/").context["suggestions"]
    last = before[-1].registration
    assert last in others
    response = client.post(f"{URL}feedback/", {"suggested": last.pk, "useful": "yes"})
    assert response["Location"] == f"{URL}suggestions/"
    first = client.get(f"{URL}suggestions/", HTTP_ACCEPT_LANGUAGE="en").context["suggestions"][0]
    assert first.registration == last
    assert first.reasons[0] == "You marked this suggestion as useful"
    in_french = client.get(f"{URL}suggestions/", HTTP_ACCEPT_LANGUAGE="fr")
    assert in_french.context["suggestions"][0].reasons[0] == "Vous avez jugé cette suggestion utile"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"suggested": "999999", "useful": "yes"}, b"Choose the suggestion to judge."),
        ({"suggested": "x", "useful": "yes"}, b"Choose the suggestion to judge."),
        ({"useful": "no"}, b"Choose the suggestion to judge."),
        ({"suggested": "BOB", "useful": "maybe"}, b"Say whether the suggestion is useful or not."),
    ],
)
def test_feedback_page_bad_input_writes_nothing(
    client: Client, b2b: B2B, cast: Cast, data: dict[str, str], message: bytes
) -> None:
    if data.get("suggested") == "BOB":
        data = {**data, "suggested": str(b2b.bob_reg.pk)}
    client.force_login(cast.alice)
    response = client.post(f"{URL}feedback/", data, **HTMX)
    assert response.status_code == 422
    assert message in response.content
    assert not SuggestionFeedback.objects.exists()


def test_feedback_page_without_htmx_reports_errors_as_messages(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    client.force_login(cast.alice)
    response = client.post(f"{URL}feedback/", {"suggested": b2b.bob_reg.pk}, follow=True, **EN)
    assert [str(m) for m in response.context["messages"]] == [
        "Say whether the suggestion is useful or not."
    ]
    assert not SuggestionFeedback.objects.exists()


def test_feedback_page_refuses_get(client: Client, b2b: B2B, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert client.get(f"{URL}feedback/").status_code == 405
