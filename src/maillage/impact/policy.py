"""The platform's disclosure policy, read from the settings once for every app that publishes
aggregates (the impact reports, the maturity benchmarks and hub reporting).

It lives beside the Django-free rules (``statistics.disclosure``) rather than in ``core``: the
rules and their one setting belong to disclosure control, which is impact's domain, and the
maturity app calls them like any library.
"""

from django.conf import settings

from maillage.impact.statistics.disclosure import Policy


def current_policy() -> Policy:
    """The policy configured for this platform: ``MAILLAGE_DISCLOSURE_MIN_GROUP`` is the
    smallest group any published figure may come from (a ``ValueError`` below the floor)."""
    return Policy(min_respondents=settings.MAILLAGE_DISCLOSURE_MIN_GROUP)
