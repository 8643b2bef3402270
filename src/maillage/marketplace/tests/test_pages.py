"""Marketplace pages: browse with filters, a listing's page, and publish, edit and withdraw for
the owner (alice represents alice_org), a member of the same cluster (bob) and an outsider
(charlie); bad input shown next to the fields, nothing saved."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from maillage.conftest import Cast
from maillage.ecosystem.models import Domain
from maillage.marketplace.models import Listing
from maillage.marketplace.tests.factories import make_listing

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _titles(response: object) -> list[str]:
    return [listing.title for listing in response.context["page_obj"].object_list]  # type: ignore[attr-defined]


@pytest.fixture
def listings(cast: Cast) -> dict[str, Listing]:
    axis = Domain.objects.create(code="industry", label_fr="Industrie", label_en="Industry")
    vision = Domain.objects.create(
        code="vision", label_fr="Vision industrielle", label_en="Machine vision", parent=axis
    )
    cloud = Domain.objects.create(code="cloud", label_fr="Nuage", label_en="Cloud")
    return {
        "vision": make_listing(
            cast.alice_org,
            "Contrôle qualité par vision",
            description="Caméras et logiciel d'inspection",
            domains=[vision],
        ),
        "pilot": make_listing(
            cast.alice_org,
            "Pilot site for machining",
            direction=Listing.Direction.NEED,
            category=Listing.Category.RD_PARTNER,
        ),
        "cloud": make_listing(
            cast.bob_org, "Cloud hosting", category=Listing.Category.BUSINESS, domains=[cloud]
        ),
        "expired": make_listing(cast.bob_org, "Old offer", days=-1),
        "withdrawn": make_listing(
            cast.charlie_org, "Withdrawn offer", status=Listing.Status.WITHDRAWN
        ),
    }


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("", ["Cloud hosting", "Pilot site for machining", "Contrôle qualité par vision"]),
        ("kind=need", ["Pilot site for machining"]),
        ("kind=offer", ["Cloud hosting", "Contrôle qualité par vision"]),
        ("type=business", ["Cloud hosting"]),
        ("type=rd_partner", ["Pilot site for machining"]),
        ("domain=vision", ["Contrôle qualité par vision"]),
        ("domain=industry", ["Contrôle qualité par vision"]),  # an axis has its sub-domains
        ("organisation=bob-logistics-sa", ["Cloud hosting"]),
        ("q=controle+QUALITE", ["Contrôle qualité par vision"]),  # accents and case ignored
        ("q=inspection", ["Contrôle qualité par vision"]),
        ("q=bob+logistics", ["Cloud hosting"]),  # the organisation's name counts
        ("q=old", []),  # expired listings are not shown
        ("q=withdrawn", []),
    ],
)
def test_browse_filters_and_api_select_the_same(
    client: Client, listings: dict[str, Listing], query: str, titles: list[str]
) -> None:
    assert _titles(client.get(f"/marketplace/?{query}")) == titles
    api_query = query.replace("q=", "search=")
    api = client.get(f"/api/v1/listings?{api_query}").json()
    assert [item["title"] for item in api["items"]] == titles
    assert api["count"] == len(titles)


def test_browse_mine_shows_every_status_of_own_organisations(
    client: Client, cast: Cast, listings: dict[str, Listing]
) -> None:
    client.force_login(cast.charlie)
    assert _titles(client.get("/marketplace/?mine=1")) == ["Withdrawn offer"]
    client.force_login(cast.bob)  # a plain member publishes for no organisation
    assert _titles(client.get("/marketplace/?mine=1")) == []
    client.logout()
    assert _titles(client.get("/marketplace/?mine=1")) == []


@pytest.mark.parametrize("rows", [1, 3])
def test_browse_query_count_does_not_grow_with_rows(
    client: Client, cast: Cast, django_assert_num_queries: object, rows: int
) -> None:
    domain = Domain.objects.create(code="d", label_fr="D", label_en="D")
    for n in range(rows):
        make_listing(cast.alice_org, f"Offer {n}", domains=[domain])
    # count, rows with their organisations, their domains, the domain choices
    with django_assert_num_queries(4):  # type: ignore[operator]
        response = client.get("/marketplace/")
    assert len(_titles(response)) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_api_list_query_count_does_not_grow_with_rows(
    client: Client, cast: Cast, django_assert_num_queries: object, rows: int
) -> None:
    domain = Domain.objects.create(code="d", label_fr="D", label_en="D")
    for n in range(rows):
        make_listing(cast.alice_org, f"Offer {n}", domains=[domain])
    with django_assert_num_queries(3):  # type: ignore[operator]
        response = client.get("/api/v1/listings")
    assert response.json()["count"] == rows


def test_detail_is_public_for_active_listing(client: Client, listings: dict[str, Listing]) -> None:
    page = client.get(f"/marketplace/{listings['vision'].pk}/").content.decode()
    assert "Contrôle qualité par vision" in page
    assert "Vision industrielle" in page  # French domain labels on the French page
    assert "Alice Robotics SRL" in page


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 404), ("charlie", 404)])
def test_expired_listing_is_seen_by_its_representatives_only(
    client: Client, cast: Cast, who: str, status: int
) -> None:
    expired = make_listing(cast.alice_org, "Expired one", days=-2)
    client.force_login(getattr(cast, who))
    assert client.get(f"/marketplace/{expired.pk}/").status_code == status


@pytest.mark.parametrize(("who", "status"), [("alice", 200), ("bob", 403), ("charlie", 403)])
def test_edit_page_owner_member_outsider(
    client: Client, cast: Cast, listings: dict[str, Listing], who: str, status: int
) -> None:
    client.force_login(getattr(cast, who))
    response = client.get(f"/marketplace/{listings['vision'].pk}/edit/", **EN)
    assert response.status_code == status
    if status == 403:
        assert "representatives change or withdraw its offers and needs" in (
            response.content.decode()
        )


def test_edit_page_sends_anonymous_to_login(client: Client, listings: dict[str, Listing]) -> None:
    response = client.get(f"/marketplace/{listings['vision'].pk}/edit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def _form(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "direction": "need",
        "category": "technology",
        "title": "Predictive maintenance software",
        "description": "For our machining lines",
        "language": "en",
        "domains": [],
        "expires_on": (timezone.localdate() + dt.timedelta(days=60)).isoformat(),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_owner_publishes_a_listing(client: Client, cast: Cast) -> None:
    Domain.objects.create(code="ai", label_fr="IA", label_en="AI")
    client.force_login(cast.alice)
    assert client.get("/marketplace/new/").status_code == 200
    response = client.post(
        "/marketplace/new/", _form(organisation=cast.alice_org.pk, domains=["ai"])
    )
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/marketplace/{listing.pk}/"
    assert (listing.organisation, listing.direction, listing.title) == (
        cast.alice_org,
        "need",
        "Predictive maintenance software",
    )
    assert [d.code for d in listing.domains.all()] == ["ai"]
    assert timezone.localtime(listing.expires_at).date() == (
        timezone.localdate() + dt.timedelta(days=60)
    )
    assert _titles(client.get("/marketplace/")) == ["Predictive maintenance software"]


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_member_and_outsider_cannot_publish(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    if who == "bob":  # represents no organisation: the page itself is refused
        response = client.get("/marketplace/new/", **EN)
        assert response.status_code == 403
        assert "representatives publish offers and needs" in response.content.decode()
    # charlie represents charlie_org, not alice_org: alice_org is not a choice
    response = client.post("/marketplace/new/", _form(organisation=cast.alice_org.pk), **EN)
    assert response.status_code in {400, 403}
    assert not Listing.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Donnez un titre à l'annonce."),
        ({"title": "x" * 201}, "title", "Le titre compte 201 caractères ; 200 au maximum."),
        (
            {"description": "y" * 5001},
            "description",
            "La description compte 5001 caractères ; 5000 au maximum.",
        ),
        (
            {"expires_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat()},
            "expires_on",
            "L'échéance doit être dans le futur.",
        ),
        (
            {"expires_on": ""},
            "expires_on",
            "Donnez la date jusqu'à laquelle l'annonce est valable.",
        ),
        ({"domains": ["nope"]}, "domains", None),
    ],
)
def test_publish_bad_input_shows_form_errors_in_french(
    client: Client, cast: Cast, changes: dict[str, object], field: str, message: str | None
) -> None:
    client.force_login(cast.alice)
    response = client.post("/marketplace/new/", _form(organisation=cast.alice_org.pk, **changes))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert list(errors) == [field]
    if message is not None:
        assert errors[field] == [message]
    assert not Listing.objects.exists()


def test_owner_edits_and_renews_an_expired_listing(client: Client, cast: Cast) -> None:
    expired = make_listing(cast.alice_org, "Vision systems", days=-3, status="expired")
    client.force_login(cast.alice)
    response = client.post(f"/marketplace/{expired.pk}/edit/", _form(title="Vision systems 2"))
    assert response.status_code == 302
    expired.refresh_from_db()
    assert (expired.title, expired.status) == ("Vision systems 2", "active")
    assert _titles(client.get("/marketplace/")) == ["Vision systems 2"]


def test_edit_with_past_expiry_is_refused_and_nothing_changes(
    client: Client, cast: Cast, listings: dict[str, Listing]
) -> None:
    listing = listings["vision"]
    client.force_login(cast.alice)
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(
        f"/marketplace/{listing.pk}/edit/", _form(title="Changed", expires_on=past)
    )
    assert response.status_code == 400
    listing.refresh_from_db()
    assert listing.title == "Contrôle qualité par vision"


@pytest.mark.parametrize(("who", "status"), [("alice", 302), ("bob", 403), ("charlie", 403)])
def test_withdraw_owner_member_outsider(
    client: Client, cast: Cast, listings: dict[str, Listing], who: str, status: int
) -> None:
    listing = listings["vision"]
    client.force_login(getattr(cast, who))
    assert client.post(f"/marketplace/{listing.pk}/withdraw/").status_code == status
    listing.refresh_from_db()
    assert listing.status == ("withdrawn" if who == "alice" else "active")
    visible = "Contrôle qualité par vision" in _titles(client.get("/marketplace/"))
    assert visible is (who != "alice")


def test_withdrawn_listing_cannot_be_edited(client: Client, cast: Cast) -> None:
    listing = make_listing(cast.alice_org, "Gone", status=Listing.Status.WITHDRAWN)
    client.force_login(cast.alice)
    response = client.post(f"/marketplace/{listing.pk}/edit/", _form(title="Back"), **EN)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "A withdrawn listing cannot be changed; publish a new one."
    ]


def test_detail_shows_edit_actions_to_owner_only(
    client: Client, cast: Cast, listings: dict[str, Listing]
) -> None:
    url = f"/marketplace/{listings['vision'].pk}/"
    client.force_login(cast.alice)
    assert 'id="listing-actions"' in client.get(url).content.decode()
    client.force_login(cast.bob)
    assert 'id="listing-actions"' not in client.get(url).content.decode()


def test_site_navigation_links_to_the_marketplace(client: Client) -> None:
    home = client.get("/").content.decode()
    assert '<a href="/marketplace/">Offres et besoins</a>' in home
    english = client.get("/", **EN).content.decode()
    assert '<a href="/marketplace/">Offers and needs</a>' in english


def test_page_is_in_french_by_default(client: Client, listings: dict[str, Listing]) -> None:
    page = client.get("/marketplace/").content.decode()
    assert "<h1>Offres et besoins</h1>" in page
    assert "3 annonces" in page
    assert "Recherche de partenaires R&amp;D" in page
    assert "Valable jusqu" not in page  # a form label, not on the list
    assert "jusqu'au" in page


def test_organisation_page_links_its_active_listings(
    client: Client, cast: Cast, listings: dict[str, Listing]
) -> None:
    page = client.get(f"/organisations/{cast.alice_org.slug}/").content.decode()
    assert f'href="/marketplace/{listings["vision"].pk}/"' in page
    assert f'href="/marketplace/{listings["pilot"].pk}/"' in page


def test_listing_detail_orders_its_domains_by_label_in_the_pages_language(
    client: Client, cast: Cast
) -> None:
    domains = [
        Domain.objects.create(code="food", label_fr="Agroalimentaire", label_en="Food"),
        Domain.objects.create(code="textile", label_fr="Textile", label_en="Clothing"),
    ]
    listing = make_listing(cast.alice_org, "Fabrics", domains=domains)
    client.force_login(cast.bob)
    english = client.get(f"/marketplace/{listing.pk}/", headers={"Accept-Language": "en"})
    assert "<dd>Clothing, Food</dd>" in english.content.decode()
    french = client.get(f"/marketplace/{listing.pk}/", headers={"Accept-Language": "fr"})
    assert "<dd>Agroalimentaire, Textile</dd>" in french.content.decode()
