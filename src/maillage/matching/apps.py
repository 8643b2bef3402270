from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    """Suggestion feedback and the collaboration graph stored for the matching engine (the
    engine itself is Django-free)."""

    name = "maillage.matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        from maillage.matching import signals  # noqa: PLC0415 (models are loaded only now)

        signals.connect()
