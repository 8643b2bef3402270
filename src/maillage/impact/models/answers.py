"""The answers: a participant's rating of each meeting, and what came of it later.

Answers belong to the participant's organisation: its people see and edit them, platform admins
may read them; nobody else does, organisers included (they see aggregates only).
"""

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.ecosystem.models import Organisation
from maillage.events.models import MeetingRequest
from maillage.impact.models.followup import Invitation


class MeetingRating(models.Model):
    """Right after the event: did the meeting take place, and what did it bring?"""

    class Interest(models.TextChoices):
        NONE = "none", pgettext_lazy("interest", "none")
        KNOWLEDGE = "knowledge", _("knowledge gained")
        COOPERATION = "cooperation", _("cooperation possible")

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="ratings")
    #: The meeting, by its request: stable when the schedule is re-planned.
    request = models.ForeignKey(MeetingRequest, on_delete=models.CASCADE, related_name="+")
    took_place = models.BooleanField(_("the meeting took place"))
    #: Empty when the meeting did not take place.
    interest = models.CharField(_("interest"), max_length=12, choices=Interest.choices, blank=True)
    #: Seen only by the participant's organisation and the platform admins.
    comment = models.TextField(_("comment"), blank=True, max_length=2000)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting rating")
        verbose_name_plural = _("meeting ratings")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["invitation", "request"], name="unique_rating"),
            models.CheckConstraint(
                condition=models.Q(took_place=True) | models.Q(interest=""),
                name="rating_interest_only_when_held",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation.registration} rates {self.request_id}"


class AmountBand(models.TextChoices):
    """Bands for those who would rather not give an exact amount (EUR)."""

    UNDER_10K = "lt10k", _("under EUR 10,000")
    FROM_10K = "10k-50k", _("EUR 10,000 to 50,000")
    FROM_50K = "50k-250k", _("EUR 50,000 to 250,000")
    FROM_250K = "250k-1m", _("EUR 250,000 to 1 million")
    OVER_1M = "gt1m", _("over EUR 1 million")


#: The value a band stands for in sums and medians: its midpoint; the open top band counts as
#: its lower bound, so a band never inflates a total.
BAND_VALUES: dict[str, Decimal] = {
    AmountBand.UNDER_10K: Decimal(5_000),
    AmountBand.FROM_10K: Decimal(30_000),
    AmountBand.FROM_50K: Decimal(150_000),
    AmountBand.FROM_250K: Decimal(625_000),
    AmountBand.OVER_1M: Decimal(1_000_000),
}


class Outcome(models.Model):
    """In a follow-up wave: what came of a meeting (or of a new partner met through the event),
    as one side reports it. Either side may report; both reports are kept."""

    class Status(models.TextChoices):
        NO_CONTACT = "no_contact", _("no further contact")
        NEGOTIATION = "negotiation", _("negotiation started")
        AGREEMENT = "agreement", _("agreement reached")

    class Kind(models.TextChoices):
        SUPPLY = "supply", _("business: supply")
        SUBCONTRACTING = "subcontracting", _("business: subcontracting")
        DISTRIBUTION = "distribution", _("business: distribution")
        JOINT_VENTURE = "joint_venture", _("business: joint venture")
        LICENCE = "licence", _("technology: licence")
        JOINT_DEVELOPMENT = "joint_development", _("technology: joint development")
        PROPOSAL = "proposal", _("research: project proposal submitted")
        FUNDED = "funded", _("research: project funded")

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="outcomes")
    partner = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    #: The meeting followed up; None for a new partner met through the event.
    request = models.ForeignKey(
        MeetingRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("outcome"), max_length=12, choices=Status.choices)
    kind = models.CharField(_("kind of agreement"), max_length=20, choices=Kind.choices, blank=True)
    #: Exact amount in EUR (turnover or funding it brings the reporting organisation).
    amount = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_band = models.CharField(
        _("amount band"), max_length=10, choices=AmountBand.choices, blank=True
    )
    agreed_on = models.DateField(_("date of the agreement"), null=True, blank=True)
    #: The reporting organisation lets the partnership be named publicly (the network map).
    publishable = models.BooleanField(_("may be shown publicly"), default=False)
    synthetic = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["invitation", "partner"], name="unique_outcome"),
            models.CheckConstraint(
                condition=models.Q(status="agreement") | models.Q(kind=""),
                name="outcome_kind_only_for_agreements",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True) | models.Q(amount_band=""),
                name="outcome_amount_or_band",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__isnull=True)
                | models.Q(amount__gt=0, amount__lte=1_000_000_000),
                name="outcome_amount_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation.registration} → {self.partner}: {self.status}"

    @property
    def value(self) -> Decimal | None:
        """The amount counted in sums and medians: the exact one, else its band's value."""
        if self.amount is not None:
            return self.amount
        return BAND_VALUES.get(self.amount_band)
