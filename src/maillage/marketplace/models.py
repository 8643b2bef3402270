"""Offers and needs published by organisations, each with an expiry date.

A listing is *active* (shown in the marketplace and part of its organisation's matching profile)
while its status is active and its expiry is ahead; the hourly ``expire_listings`` job turns
those past their expiry into ``expired`` rows, which their organisation may renew by editing.
"""

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.ecosystem.models import Domain, Organisation
from maillage.ecosystem.text import fold


class ListingQuerySet(models.QuerySet["Listing"]):
    def active(self) -> "ListingQuerySet":
        """Listings shown and matched now: not withdrawn, not expired (even before the hourly
        job has marked them)."""
        return self.filter(status=Listing.Status.ACTIVE, expires_at__gt=timezone.now())


class Listing(models.Model):
    class Direction(models.TextChoices):
        OFFER = "offer", _("offer")
        NEED = "need", _("need")

    class Category(models.TextChoices):
        TECHNOLOGY = "technology", _("technology")
        BUSINESS = "business", _("business")
        RD_PARTNER = "rd_partner", _("R&D partner search")

    class Status(models.TextChoices):
        ACTIVE = "active", _("published")
        #: Its organisation took it down; kept for the record, never shown to others again.
        WITHDRAWN = "withdrawn", _("withdrawn")
        #: Past its expiry (set by the periodic job); renewed by editing the expiry.
        EXPIRED = "expired", _("expired")

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
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    synthetic = models.BooleanField(_("synthetic"), default=False)
    #: Folded title and description, for accent-insensitive search (``ecosystem.text.fold``).
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ListingQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("offer or need")
        verbose_name_plural = _("offers and needs")
        indexes: ClassVar = [
            models.Index(fields=["direction", "expires_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def build_search_text(self) -> str:
        return fold(f"{self.title} {self.description}")

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE and self.expires_at > timezone.now()
