from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CallsConfig(AppConfig):
    """Funding calls, expressions of interest and the consortia members build to answer them."""

    name = "maillage.calls"
    verbose_name = _("Funding calls")
