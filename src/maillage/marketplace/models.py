"""Offers and needs published by organisations, each with an expiry date."""

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.models import Domain, Organisation


class ListingQuerySet(models.QuerySet["Listing"]):
    def active(self) -> "ListingQuerySet":
        return self.filter(expires_at__gt=timezone.now())


class Listing(models.Model):
    class Direction(models.TextChoices):
        OFFER = "offer", _("offer")
        NEED = "need", _("need")

    class Category(models.TextChoices):
        TECHNOLOGY = "technology", _("technology")
        BUSINESS = "business", _("business")
        RD_PARTNER = "rd_partner", _("R&D partner search")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="listings"
    )
    direction = models.CharField(_("offer or need"), max_length=5, choices=Direction.choices)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    #: ISO 639-1 code of the text.
    language = models.CharField(_("language"), max_length=2, default="fr")
    domains = models.ManyToManyField(Domain, blank=True, related_name="listings")
    expires_at = models.DateTimeField(_("expires"))
    synthetic = models.BooleanField(_("synthetic"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        indexes: ClassVar = [models.Index(fields=["direction", "expires_at"])]

    def __str__(self) -> str:
        return self.title
