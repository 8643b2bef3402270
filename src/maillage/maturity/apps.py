from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaturityConfig(AppConfig):
    """Digital maturity assessments (the EU DMA for SMEs), their scores and peer benchmarks."""

    name = "maillage.maturity"
    verbose_name = _("Digital maturity")
