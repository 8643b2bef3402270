"""Short words the maturity pages share with other apps (and Django) have a context, so that
another catalogue's translation of "Change" or "End" never shows here."""

import pytest
from django.test import Client
from django.urls import reverse

from maillage.conftest import Cast
from maillage.maturity.tests.conftest import Hub

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", [">Evolutie</th>", "Van <input", "Tot <input"]),
        ("fr", [">Évolution</th>", "Du <input", "Au <input"]),
        ("en", [">Change</th>", "From <input", "To <input"]),
    ],
)
def test_the_hub_says_change_and_dates_in_its_own_words(
    client: Client, hub: Hub, language: str, words: list[str]
) -> None:
    client.force_login(hub.advisor)
    html = client.get(
        reverse("maturity:hub", args=[hub.hub.slug]), headers={"Accept-Language": language}
    ).content.decode()
    for word in words:
        assert word in html


@pytest.mark.parametrize(("language", "word"), [("nl", "Beëindigen"), ("fr", "Terminer")])
def test_ending_a_follow_up_is_a_verb(
    client: Client, cast: Cast, hub: Hub, language: str, word: str
) -> None:
    client.force_login(hub.advisor)
    html = client.get(
        reverse("maturity:organisation", args=[cast.alice_org.slug]),
        headers={"Accept-Language": language},
    ).content.decode()
    assert f'class="link">{word}</button>' in html
