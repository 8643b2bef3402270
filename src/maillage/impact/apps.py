from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from maillage.impact.statistics.disclosure import MIN_RESPONDENTS_FLOOR


class ImpactConfig(AppConfig):
    name = "maillage.impact"
    verbose_name = _("Impact")

    def ready(self) -> None:
        # A threshold that would publish figures about four companies or fewer must stop the
        # platform at start-up, not be discovered in a report.
        threshold = settings.MAILLAGE_IMPACT_MIN_RESPONDENTS
        if threshold < MIN_RESPONDENTS_FLOOR:
            raise ImproperlyConfigured(
                f"MAILLAGE_IMPACT_MIN_RESPONDENTS must be {MIN_RESPONDENTS_FLOOR} or more, "
                f"got {threshold}"
            )
