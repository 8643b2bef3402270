"""A version number of the marketplace's part of matching profiles, kept in the cache.

Tables computed from profiles (an event's suggestion table) put it in their cache key, so a
published, changed, withdrawn or expired listing is never answered from a stale table, at the
cost of a cache read rather than a database query per page.
"""

from django.core.cache import cache

_KEY = "marketplace:listings:version"


def listings_version() -> int:
    return int(cache.get_or_set(_KEY, 1, None) or 1)


def matching_inputs_changed() -> None:
    """Call after any change to which listings are active or what they say."""
    try:
        cache.incr(_KEY)
    except ValueError:
        cache.set(_KEY, 2, None)
