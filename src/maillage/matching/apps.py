from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Suggestion feedback stored for the matching engine (the engine itself is Django-free)."""

    name = "maillage.matching"
    verbose_name = _("Matching")
