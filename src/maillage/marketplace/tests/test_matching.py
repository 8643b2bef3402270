"""Listings feed matching: an organisation's active listings are part of its profile at an
event (text and domains), so that a need meets an offer; expired and withdrawn ones are not,
and the event's own offers and needs stay the registration's."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from maillage.conftest import Cast
from maillage.ecosystem.models import Domain
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import Registration
from maillage.events.services.suggestions import suggestions_for
from maillage.events.suggestion_table import registration_profile
from maillage.events.tests.b2b_fixtures import B2B, make_b2b
from maillage.events.tests.factories import RegistrationFactory
from maillage.marketplace import services
from maillage.marketplace.models import Listing
from maillage.marketplace.queries import listing_profiles
from maillage.marketplace.tests.factories import make_listing

pytestmark = pytest.mark.django_db

HYDROGEN = (
    "Hydrogen fuel cell stacks for forklifts and electrolyser maintenance for hydrogen "
    "refuelling stations"
)


@pytest.fixture
def b2b(cast: Cast) -> Iterator[B2B]:
    cache.clear()
    yield make_b2b(cast)
    cache.clear()


def _suppliers(b2b: B2B) -> list[Registration]:
    """Five more suppliers; the last one offers hydrogen fuel cells in the marketplace only."""
    registrations = [
        RegistrationFactory(
            event=b2b.event,
            user=UserFactory(),
            organisation=OrganisationFactory(name=f"Supplier {n}"),
            role=Registration.Role.SUPPLIER,
            offers=f"cloud services number {n}",
        )
        for n in range(5)
    ]
    make_listing(registrations[-1].organisation, "Hydrogen fuel cells", description=HYDROGEN)
    return registrations


def _ranked(b2b: B2B) -> list[int]:
    return [s.registration.pk for s in suggestions_for(b2b.alice_reg) or []]


def test_a_published_need_moves_the_matching_offer_up_and_withdrawing_it_moves_it_back(
    b2b: B2B, cast: Cast
) -> None:
    hydrogen = _suppliers(b2b)[-1]
    before = _ranked(b2b)
    assert before[0] == b2b.bob_reg.pk  # the event's own offers and needs meet alice's
    assert before.index(hydrogen.pk) > 1
    need = services.publish_listing(
        actor=cast.alice,
        organisation=cast.alice_org,
        data={
            "direction": "need",
            "category": "technology",
            "title": "Hydrogen fuel cells for our forklifts",
            "description": "We look for hydrogen fuel cell stacks and electrolyser maintenance.",
            "expires_at": make_listing(cast.charlie_org, "x").expires_at,
        },
    )
    # The table was cached before; the listing's change is seen without waiting.
    after = suggestions_for(b2b.alice_reg) or []
    assert [s.registration.pk for s in after[:2]] == [b2b.bob_reg.pk, hydrogen.pk]
    assert "Termes clés communs : hydrogen, fuel, cells" in " ".join(after[1].reasons)
    services.withdraw_listing(actor=cast.alice, listing=need)
    assert _ranked(b2b) == before


def test_expired_listings_are_not_part_of_the_profile(b2b: B2B, cast: Cast) -> None:
    make_listing(cast.alice_org, "Active need", description="active words")
    make_listing(cast.alice_org, "Expired need", days=-1)
    make_listing(cast.alice_org, "Withdrawn need", status=Listing.Status.WITHDRAWN)
    listings = listing_profiles([cast.alice_org.pk])[cast.alice_org.pk]
    profile = registration_profile(b2b.alice_reg, listings)
    assert "Active need. active words" in profile.description
    assert "Expired" not in profile.description
    assert "Withdrawn" not in profile.description
    # the event's own offers and needs are the registration's, not the marketplace's
    assert profile.needs == (
        "predictive maintenance software for machining lines",
        "vision quality control",
    )


def test_listing_domains_join_the_profile_and_the_reason_speaks_french(
    client: Client, b2b: B2B, cast: Cast
) -> None:
    cast.alice_org.domains.clear()
    cast.bob_org.domains.clear()
    vision = Domain.objects.create(
        code="vision-test", label_fr="Vision industrielle", label_en="Machine vision"
    )
    make_listing(cast.alice_org, "Inspection line", direction="need", domains=[vision])
    make_listing(cast.bob_org, "Camera systems", domains=[vision])
    client.force_login(cast.alice)
    url = f"/events/{b2b.event.slug}/b2b/suggestions/"
    french = client.get(url).content.decode()
    assert "Domaines communs : Vision industrielle" in french
    assert "Machine vision" not in french
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Shared domains: Machine vision" in english
    assert "Vision industrielle" not in english
