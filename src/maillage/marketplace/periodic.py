"""The marketplace's periodic job (run by ``maillage worker``, see ``core.periodic``)."""

from datetime import timedelta

from maillage.core.periodic import every
from maillage.marketplace.tasks import expire_listings

# Browse and matching already hide a listing past its expiry (``ListingQuerySet.active``); the
# hourly pass records it as expired for its organisation and refreshes the matching tables.
every(timedelta(hours=1), expire_listings)
