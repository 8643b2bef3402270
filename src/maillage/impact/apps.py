from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from maillage.impact.policy import current_policy


class ImpactConfig(AppConfig):
    name = "maillage.impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        # A threshold that would publish figures about four companies or fewer must stop the
        # platform at start-up, not be discovered in a report or a benchmark.
        try:
            current_policy()
        except ValueError as error:
            raise ImproperlyConfigured(f"MAILLAGE_DISCLOSURE_MIN_GROUP: {error}") from None
