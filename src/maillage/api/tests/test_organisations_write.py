import json

import pytest
from django.test import Client

from maillage.accounts.models import User
from maillage.api.errors import MAX_BODY_BYTES
from maillage.api.tests.conftest import problem, snapshot
from maillage.conftest import Cast
from maillage.ecosystem.models import Membership, Organisation
from maillage.ecosystem.tests.factories import DomainFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations"
VALID = "0403.170.701"
WRONG_CHECK_DIGITS = "0403.170.702"
NEW = {"name": "Nouvelle Entreprise SRL", "kind": "startup", "postcode": "5000", "city": "Namur"}


def post(client: Client, data: object, **extra: str) -> object:
    return client.post(URL, json.dumps(data), content_type="application/json", **extra)


def patch(client: Client, slug: str, data: object) -> object:
    return client.patch(f"{URL}/{slug}", json.dumps(data), content_type="application/json")


# -- create ----------------------------------------------------------------------------------


def test_create_anonymous_is_401_and_writes_nothing(client: Client, cast: Cast) -> None:
    before = snapshot()
    response = post(client, NEW)
    problem(response, 401, "authentication_required")
    assert response["WWW-Authenticate"] == 'Bearer realm="maillage"'
    assert snapshot() == before


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_create_owner_member_outsider_are_403(as_user: object, cast: Cast, who: str) -> None:
    before = snapshot()
    body = problem(post(as_user(getattr(cast, who)), NEW), 403, "forbidden")  # type: ignore[operator]
    assert body["detail"] == "You may not add organisations to the directory."
    assert snapshot() == before


def test_create_manager_adds_member_of_own_cluster(
    as_user: object, cast: Cast, manager: User
) -> None:
    DomainFactory(code="robotics")
    data = {**NEW, "enterprise_number": "BE 0403 170 701", "domains": ["robotics"]}
    response = post(as_user(manager), {**data, "clusters": [cast.cluster.slug]})  # type: ignore[operator]
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["slug"] == "nouvelle-entreprise-srl"
    assert body["enterprise_number"] == VALID
    assert body["province"] == "WNA"
    assert body["domains"] == ["robotics"]
    assert body["clusters"] == [
        {"slug": cast.cluster.slug, "name": "Cluster Alpha", "kind": "cluster"}
    ]
    created = Organisation.objects.get(slug="nouvelle-entreprise-srl")
    assert created.enterprise_number == "0403170701"
    assert Membership.objects.filter(organisation=created, network=cast.cluster).count() == 1


def test_create_manager_cannot_add_to_another_cluster(
    as_user: object, cast: Cast, manager: User
) -> None:
    before = snapshot()
    response = post(as_user(manager), {**NEW, "clusters": [cast.other_cluster.slug, "nope"]})  # type: ignore[operator]
    body = problem(response, 422, "validation_failed")
    assert body["errors"] == {
        "clusters": ["You may not add members to Omega.", "Unknown cluster or pole: nope."]
    }
    assert snapshot() == before


def test_create_pole_needs_platform_admin(
    as_user: object, cast: Cast, manager: User, admin: User
) -> None:
    before = snapshot()
    problem(post(as_user(manager), {**NEW, "kind": "pole"}), 403, "forbidden")  # type: ignore[operator]
    assert snapshot() == before
    response = post(as_user(admin), {**NEW, "kind": "pole"})  # type: ignore[operator]
    assert response.status_code == 201
    assert response.json()["kind"] == "pole"


def test_create_same_name_gets_next_slug(as_user: object, admin: User) -> None:
    client = as_user(admin)  # type: ignore[operator]
    assert post(client, NEW).json()["slug"] == "nouvelle-entreprise-srl"
    assert post(client, NEW).json()["slug"] == "nouvelle-entreprise-srl-2"


def test_create_duplicate_enterprise_number_is_409(as_user: object, admin: User) -> None:
    client = as_user(admin)  # type: ignore[operator]
    first = post(client, {**NEW, "enterprise_number": VALID}).json()
    before = snapshot()
    response = post(client, {**NEW, "name": "Autre SA", "enterprise_number": "0403170701"})
    body = problem(response, 409, "duplicate")
    assert body["errors"] == {
        "enterprise_number": [
            "The enterprise number 0403.170.701 is already used by Nouvelle Entreprise SRL."
        ]
    }
    assert body["existing"] == {"id": first["id"], "slug": first["slug"]}
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            {**NEW, "enterprise_number": WRONG_CHECK_DIGITS},
            {"enterprise_number": ["The check digits of 0403.170.702 are wrong (expected 01)."]},
        ),
        (
            {**NEW, "enterprise_number": "0403.170"},
            {"enterprise_number": ["An enterprise number has 10 digits; 7 were given."]},
        ),
        ({"kind": "sme"}, {"name": ["This field is required."]}),
        ({"name": "X"}, {"kind": ["This field is required."]}),
        ({**NEW, "name": "   "}, {"name": ["This field is required."]}),
        ({**NEW, "colour": "blue"}, {"colour": ["Unknown field."]}),
        ({**NEW, "name": 12}, {"name": ["This field must be text."]}),
        ({**NEW, "domains": "robotics"}, {"domains": ["This field must be a list."]}),
        ({**NEW, "domains": ["nope"]}, {"domains": ["Unknown domain: nope."]}),
        ({**NEW, "descriptions": {"fr": 3}}, {"descriptions.fr": ["This field must be text."]}),
        (
            {**NEW, "descriptions": {"french": "x"}},
            {"descriptions": ["Unknown language code: french."]},
        ),
        (
            {**NEW, "postcode": "50"},
            {"postcode": ["A Belgian postcode has four digits, e.g. 4000."]},
        ),
        (
            {**NEW, "country": "Belgium"},
            # The importer's message, which names the value, is now every path's (one cleaner).
            {
                "country": [
                    'Unknown country code "Belgium": use the two-letter ISO 3166-1 code, '
                    "such as BE, FR, NL, DE or LU."
                ]
            },
        ),
        (
            {**NEW, "website": "not a url"},
            {"website": ["Enter a valid web address, e.g. https://example.be."]},
        ),
        (
            {**NEW, "vat_number": "12"},
            {
                "vat_number": [
                    "A VAT number starts with its two-letter country code, e.g. FR12345678901."
                ]
            },
        ),
        (
            {**NEW, "name": "x" * 256},
            {"name": ["Write at most 255 characters here; this has 256."]},
        ),
        (
            {**NEW, "postcode": "ABCDEFGHIJKLMNOP"},
            {"postcode": ["A Belgian postcode has four digits, e.g. 4000."]},
        ),
        ([NEW], {"__all__": ["The request body must be a JSON object."]}),
    ],
)
def test_create_bad_input_is_422_naming_the_field(
    as_user: object, admin: User, data: object, errors: dict
) -> None:
    before = snapshot()
    body = problem(post(as_user(admin), data), 422, "validation_failed")  # type: ignore[operator]
    assert body["errors"] == errors
    assert snapshot() == before


def test_create_size_band_must_be_known(as_user: object, admin: User) -> None:
    body = problem(post(as_user(admin), {**NEW, "size_band": "huge"}), 422, "validation_failed")  # type: ignore[operator]
    assert list(body["errors"]) == ["size_band"]


def test_create_malformed_json_is_400(as_user: object, admin: User) -> None:
    before = snapshot()
    response = as_user(admin).post(URL, '{"name": "X",', content_type="application/json")  # type: ignore[operator]
    body = problem(response, 400, "malformed_json")
    assert body["detail"].startswith("The request body is not valid JSON: ")
    assert snapshot() == before


def test_create_oversized_body_is_413(as_user: object, admin: User) -> None:
    before = snapshot()
    data = {**NEW, "descriptions": {"fr": "x" * (MAX_BODY_BYTES + 1)}}
    body = problem(post(as_user(admin), data), 413, "body_too_large")  # type: ignore[operator]
    assert body["detail"] == f"The request body is larger than {MAX_BODY_BYTES} bytes."
    assert snapshot() == before


def test_create_normalises_website_and_foreign_vat(as_user: object, admin: User) -> None:
    data = {
        **NEW,
        "country": "fr",
        "postcode": "75001",
        "website": "example.fr",
        "vat_number": "fr 40 303 265 045",
    }
    body = post(as_user(admin), data).json()  # type: ignore[operator]
    assert body["country"] == "FR"
    assert body["province"] == ""
    assert body["website"] == "https://example.fr"
    assert body["vat_number"] == "FR40303265045"


# -- update ----------------------------------------------------------------------------------


def test_patch_owner_with_valid_enterprise_number(as_user: object, cast: Cast) -> None:
    response = patch(as_user(cast.alice), cast.alice_org.slug, {"enterprise_number": VALID})  # type: ignore[operator]
    assert response.status_code == 200, response.content
    assert response.json()["enterprise_number"] == VALID
    cast.alice_org.refresh_from_db()
    assert cast.alice_org.enterprise_number == "0403170701"


def test_patch_owner_wrong_check_digits_is_422_naming_the_field(
    as_user: object, cast: Cast
) -> None:
    before = snapshot()
    response = patch(
        as_user(cast.alice), cast.alice_org.slug, {"enterprise_number": WRONG_CHECK_DIGITS}
    )  # type: ignore[operator]
    body = problem(response, 422, "validation_failed")
    assert body["errors"] == {
        "enterprise_number": ["The check digits of 0403.170.702 are wrong (expected 01)."]
    }
    assert snapshot() == before


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_patch_member_and_outsider_are_403(as_user: object, cast: Cast, who: str) -> None:
    before = snapshot()
    response = patch(as_user(getattr(cast, who)), cast.alice_org.slug, {"name": "Pwned"})  # type: ignore[operator]
    body = problem(response, 403, "forbidden")
    assert body["detail"] == (
        "Only the organisation's representatives, the managers of its clusters or poles and the"
        " platform administrators may change it."
    )
    assert snapshot() == before


def test_patch_anonymous_is_401(client: Client, cast: Cast) -> None:
    before = snapshot()
    problem(patch(client, cast.alice_org.slug, {"name": "Pwned"}), 401, "authentication_required")
    assert snapshot() == before


def test_patch_owner_cannot_edit_someone_elses_organisation(as_user: object, cast: Cast) -> None:
    before = snapshot()
    problem(patch(as_user(cast.alice), cast.bob_org.slug, {"name": "Pwned"}), 403, "forbidden")  # type: ignore[operator]
    assert snapshot() == before


def test_patch_manager_of_the_cluster(as_user: object, cast: Cast, manager: User) -> None:
    response = patch(as_user(manager), cast.alice_org.slug, {"short_name": "AR"})  # type: ignore[operator]
    assert response.status_code == 200
    assert response.json()["short_name"] == "AR"
    problem(patch(as_user(manager), cast.charlie_org.slug, {"short_name": "CC"}), 403, "forbidden")  # type: ignore[operator]


def test_patch_unknown_organisation_is_404(as_user: object, cast: Cast) -> None:
    problem(patch(as_user(cast.alice), "nope", {"name": "X"}), 404, "not_found")  # type: ignore[operator]


def test_patch_duplicate_enterprise_number_is_409(as_user: object, cast: Cast) -> None:
    Organisation.objects.filter(pk=cast.bob_org.pk).update(enterprise_number="0403170701")
    before = snapshot()
    response = patch(as_user(cast.alice), cast.alice_org.slug, {"enterprise_number": VALID})  # type: ignore[operator]
    body = problem(response, 409, "duplicate")
    assert body["existing"] == {"id": cast.bob_org.pk, "slug": cast.bob_org.slug}
    assert snapshot() == before


def test_patch_postcode_derives_province_and_keeps_slug(as_user: object, cast: Cast) -> None:
    response = patch(
        as_user(cast.alice), cast.alice_org.slug, {"name": "Alice Namur SA", "postcode": "5000"}
    )  # type: ignore[operator]
    assert response.json()["province"] == "WNA"
    assert response.json()["slug"] == "alice-robotics-srl"
    response = patch(
        as_user(cast.alice), cast.alice_org.slug, {"country": "FR", "postcode": "75001"}
    )  # type: ignore[operator]
    assert response.json()["province"] == ""


def test_patch_owner_cannot_make_it_a_pole(as_user: object, cast: Cast) -> None:
    before = snapshot()
    problem(patch(as_user(cast.alice), cast.alice_org.slug, {"kind": "pole"}), 403, "forbidden")  # type: ignore[operator]
    assert snapshot() == before


def test_patch_null_is_refused(as_user: object, cast: Cast) -> None:
    body = problem(
        patch(as_user(cast.alice), cast.alice_org.slug, {"name": None}), 422, "validation_failed"
    )  # type: ignore[operator]
    assert body["errors"] == {"name": ["This field may not be null."]}


def test_patch_unknown_field_is_422(as_user: object, cast: Cast) -> None:
    body = problem(
        patch(as_user(cast.alice), cast.alice_org.slug, {"slug": "mine"}), 422, "validation_failed"
    )  # type: ignore[operator]
    assert body["errors"] == {"slug": ["Unknown field."]}


def test_put_replaces_every_field(as_user: object, cast: Cast) -> None:
    patch(
        as_user(cast.alice),
        cast.alice_org.slug,
        {"short_name": "AR", "website": "https://a.example"},
    )  # type: ignore[operator]
    response = as_user(cast.alice).put(  # type: ignore[operator]
        f"{URL}/{cast.alice_org.slug}",
        json.dumps({"name": "Alice Robotics SRL", "kind": "sme", "postcode": "1300"}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["short_name"], body["website"], body["province"]) == ("", "", "WBR")


@pytest.mark.parametrize(("who", "status"), [("bob", 403), ("charlie", 403), (None, 401)])
def test_put_by_member_outsider_anonymous_is_refused(
    as_user: object, cast: Cast, who: str | None, status: int
) -> None:
    before = snapshot()
    response = as_user(getattr(cast, who) if who else None).put(  # type: ignore[operator]
        f"{URL}/{cast.alice_org.slug}",
        json.dumps({"name": "Pwned", "kind": "sme"}),
        content_type="application/json",
    )
    problem(response, status, "forbidden" if status == 403 else "authentication_required")
    assert snapshot() == before


def test_put_by_cluster_manager(as_user: object, cast: Cast, manager: User) -> None:
    response = as_user(manager).put(  # type: ignore[operator]
        f"{URL}/{cast.alice_org.slug}",
        json.dumps({"name": "Alice Robotics SRL", "kind": "sme", "short_name": "AR"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["short_name"] == "AR"


def test_delete_is_405_with_allow(as_user: object, cast: Cast) -> None:
    before = snapshot()
    response = as_user(cast.alice).delete(f"{URL}/{cast.alice_org.slug}")  # type: ignore[operator]
    problem(response, 405, "method_not_allowed")
    assert response["Allow"] == "GET, PATCH, PUT"
    assert snapshot() == before


# -- authorisation comes before reading the body ---------------------------------------------


@pytest.mark.parametrize("body", ["{not json", '{"name": 12}', '{"colour": "blue"}'])
def test_patch_outsider_gets_403_whatever_the_body(as_user: object, cast: Cast, body: str) -> None:
    before = snapshot()
    response = as_user(cast.charlie).patch(  # type: ignore[operator]
        f"{URL}/{cast.alice_org.slug}", body, content_type="application/json"
    )
    problem(response, 403, "forbidden")
    assert snapshot() == before


def test_create_without_the_right_gets_403_whatever_the_body(as_user: object, cast: Cast) -> None:
    response = as_user(cast.alice).post(URL, "{not json", content_type="application/json")  # type: ignore[operator]
    problem(response, 403, "forbidden")


def test_patch_unknown_organisation_anonymous_is_401(client: Client, cast: Cast) -> None:
    problem(patch(client, "nope", {"name": "X"}), 401, "authentication_required")
