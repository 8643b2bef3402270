"""A refused page says why, in the words of ``maturity/permissions.py`` (owner, member of the
company, outsider and the hub's people on each private page)."""

import pytest
from django.test import Client
from django.utils import translation

from maillage.conftest import Cast
from maillage.maturity import permissions, services
from maillage.maturity.tests.conftest import Hub, complete
from maillage.maturity.tests.test_access import _who

pytestmark = pytest.mark.django_db


def english(name: str) -> str:
    with translation.override("en"):
        return str(getattr(permissions, name))


def refusal(client: Client, method: str, url: str) -> tuple[int, str]:
    response = getattr(client, method)(url, headers={"accept-language": "en"})
    body = response.content.decode()
    if response.status_code != 403:
        return response.status_code, ""
    start = body.index('<p class="refusal">') + len('<p class="refusal">')
    return 403, body[start : body.index("</p>", start)].replace("&#x27;", "'")


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("alice", 200),
        ("colleague", 200),
        ("bob", english("PRIVATE_ASSESSMENTS")),
        ("charlie", english("PRIVATE_ASSESSMENTS")),
    ],
)
def test_the_results_page_says_who_sees_an_assessment(
    client: Client, cast: Cast, hub: Hub, name: str, expected: object
) -> None:
    done = complete(cast.alice, cast.alice_org)
    client.force_login(_who(cast, hub, name))
    status, message = refusal(client, "get", f"/maturity/assessments/{done.pk}/")
    assert (status, message) == ((200, "") if expected == 200 else (403, expected))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("alice", 200),
        ("colleague", english("FILL_REFUSED")),
        ("bob", english("FILL_REFUSED")),
        ("charlie", english("FILL_REFUSED")),
    ],
)
def test_a_questionnaire_step_says_who_fills_it_in(
    client: Client, cast: Cast, hub: Hub, name: str, expected: object
) -> None:
    draft = services.start_assessment(actor=cast.alice, organisation=cast.alice_org)
    client.force_login(_who(cast, hub, name))
    status, message = refusal(client, "get", f"/maturity/assessments/{draft.pk}/D1/")
    assert (status, message) == ((200, "") if expected == 200 else (403, expected))


@pytest.mark.parametrize("name", ["alice", "bob", "charlie", "colleague"])
def test_the_hub_pages_say_they_are_the_hubs(
    client: Client, cast: Cast, hub: Hub, name: str
) -> None:
    client.force_login(_who(cast, hub, name))
    for url in (
        f"/maturity/hubs/{hub.hub.slug}/",
        f"/maturity/hubs/{hub.hub.slug}/edih-export.csv",
    ):
        assert refusal(client, "get", url) == (403, english("HUB_REFUSED")), url
    client.force_login(hub.advisor)
    assert refusal(client, "get", f"/maturity/hubs/{hub.hub.slug}/")[0] == 200


def test_choosing_who_follows_whom_is_the_hub_managers(
    client: Client, cast: Cast, hub: Hub
) -> None:
    url = f"/maturity/hubs/{hub.hub.slug}/follows/"
    for user in (cast.alice, cast.charlie, hub.advisor):
        client.force_login(user)
        assert refusal(client, "post", url) == (403, english("FOLLOW_REFUSED"))
