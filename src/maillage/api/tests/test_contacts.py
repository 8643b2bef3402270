import pytest
from django.test import Client

from maillage.accounts.models import User
from maillage.api.tests.conftest import problem
from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contacts(cast: Cast) -> None:
    ContactFactory(
        organisation=cast.alice_org, first_name="Pia", last_name="Private", public_consent=False
    )
    ContactFactory(
        organisation=cast.alice_org, first_name="Paul", last_name="Public", public_consent=True
    )
    ContactFactory(organisation=cast.bob_org, first_name="Other", last_name="Org")


def last_names(client: Client, cast: Cast) -> list[str]:
    response = client.get(f"/api/v1/organisations/{cast.alice_org.slug}/contacts")
    assert response.status_code == 200
    return [item["last_name"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("alice", ["Private", "Public"]),  # owner: her own organisation
        ("bob", ["Private", "Public"]),  # member: shares the cluster
        ("charlie", ["Public"]),  # outsider
        (None, ["Public"]),  # anonymous
    ],
)
def test_contacts_owner_member_outsider_anonymous(
    as_user: object, cast: Cast, contacts: None, who: str | None, expected: list[str]
) -> None:
    client = as_user(getattr(cast, who) if who else None)  # type: ignore[operator]
    assert last_names(client, cast) == expected


def test_contacts_cluster_manager_and_admin_see_all(
    as_user: object, cast: Cast, contacts: None, manager: User, admin: User
) -> None:
    assert last_names(as_user(manager), cast) == ["Private", "Public"]  # type: ignore[operator]
    assert last_names(as_user(admin), cast) == ["Private", "Public"]  # type: ignore[operator]


def test_contacts_fields(client: Client, cast: Cast) -> None:
    contact = ContactFactory(
        organisation=cast.alice_org,
        first_name="Paul",
        last_name="Public",
        job_title="CEO",
        email="paul@example.org",
        phone="+32 4 000 00 00",
        public_consent=True,
    )
    response = client.get(f"/api/v1/organisations/{cast.alice_org.slug}/contacts")
    assert response.json() == {
        "count": 1,
        "limit": 50,
        "offset": 0,
        "items": [
            {
                "id": contact.pk,
                "first_name": "Paul",
                "last_name": "Public",
                "job_title": "CEO",
                "email": "paul@example.org",
                "phone": "+32 4 000 00 00",
                "public_consent": True,
            }
        ],
    }


def test_contacts_of_unknown_organisation_is_404(client: Client, cast: Cast) -> None:
    problem(client.get("/api/v1/organisations/nope/contacts"), 404, "not_found")


@pytest.mark.parametrize("rows", [1, 3])
def test_contacts_query_count_anonymous(
    client: Client, cast: Cast, django_assert_num_queries: object, rows: int
) -> None:
    for _ in range(rows):
        ContactFactory(organisation=cast.alice_org, public_consent=True)
    # organisation, count, page
    with django_assert_num_queries(3):  # type: ignore[operator]
        response = client.get(f"/api/v1/organisations/{cast.alice_org.slug}/contacts")
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_contacts_query_count_member(
    as_user: object, cast: Cast, django_assert_num_queries: object, rows: int
) -> None:
    client = as_user(cast.bob)  # type: ignore[operator]
    for _ in range(rows):
        ContactFactory(organisation=cast.alice_org, public_consent=False)
    # session, user, organisation, the user's organisations and networks (4), count, page
    with django_assert_num_queries(9):  # type: ignore[operator]
        response = client.get(f"/api/v1/organisations/{cast.alice_org.slug}/contacts")
    assert response.json()["count"] == rows
