"""Listings for the marketplace's tests, written straight to the database (the services are
what the tests exercise, not what sets them up)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from maillage.ecosystem.models import Domain, Organisation
from maillage.marketplace.models import Listing


def make_listing(
    organisation: Organisation,
    title: str,
    *,
    direction: str = Listing.Direction.OFFER,
    category: str = Listing.Category.TECHNOLOGY,
    description: str = "",
    days: int = 30,
    domains: list[Domain] | None = None,
    **fields: Any,
) -> Listing:
    listing = Listing(
        organisation=organisation,
        direction=direction,
        category=category,
        title=title,
        description=description,
        expires_at=timezone.now() + dt.timedelta(days=days),
        **fields,
    )
    listing.search_text = listing.build_search_text()
    listing.save()
    listing.domains.set(domains or [])
    return listing
