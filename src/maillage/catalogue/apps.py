from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """The catalogue of digital providers and initiatives, and the labels bodies grant them."""

    name = "maillage.catalogue"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        from maillage.catalogue.refresh import connect_signals  # noqa: PLC0415 - models loaded

        connect_signals()
