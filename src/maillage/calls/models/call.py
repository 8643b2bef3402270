"""A funding call, its cut-off dates, and members' expressions of interest."""

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from maillage.calls.eligibility import EU, unpack
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.text import fold


class CallStatus(models.TextChoices):
    """Where a call stands today; derived from its dates, never stored (a saved portal answer
    ages, and a call that opens tomorrow is open tomorrow without anyone editing it)."""

    FORTHCOMING = "forthcoming", _("forthcoming")
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class CallQuerySet(models.QuerySet["Call"]):
    def with_status(self, today: dt.date | None = None) -> "CallQuerySet":
        """Annotate ``status`` (a ``CallStatus`` value), ``next_deadline`` (the first cut-off
        on or after ``today``, None when none is left) and ``last_deadline``.

        The one definition of a call's status: forthcoming before its opening date; closed once
        every cut-off has passed; open otherwise (a call without cut-offs stays open).
        """
        today = today or timezone.localdate()
        deadlines = CallDeadline.objects.filter(call=OuterRef("pk"))
        upcoming = deadlines.filter(date__gte=today)
        return self.annotate(
            next_deadline=Subquery(upcoming.order_by("date").values("date")[:1]),
            last_deadline=Subquery(deadlines.order_by("-date").values("date")[:1]),
            status=models.Case(
                models.When(opens_on__gt=today, then=models.Value(CallStatus.FORTHCOMING)),
                models.When(
                    Exists(deadlines) & ~Exists(upcoming),
                    then=models.Value(CallStatus.CLOSED),
                ),
                default=models.Value(CallStatus.OPEN),
                output_field=models.CharField(),
            ),
        )

    def in_statuses(self, *statuses: str) -> "CallQuerySet":
        """Calls in one of ``statuses`` (needs ``with_status``)."""
        return self.filter(status__in=statuses)  # type: ignore[misc]  # annotated by with_status

    def in_status_order(self) -> "CallQuerySet":
        """Deadline soon first: open calls by their next cut-off (none left last), forthcoming
        ones by opening date, closed ones most recently closed first. Needs ``with_status``."""
        return self.order_by(
            models.F("next_deadline").asc(nulls_last=True),
            models.F("opens_on").asc(nulls_last=True),
            models.F("last_deadline").desc(nulls_last=True),
            "title",
            "pk",
        )


class Call(models.Model):
    """A call for proposals: imported from the EU portal, or published by a cluster."""

    class Source(models.TextChoices):
        PORTAL = "portal", _("EU Funding & Tenders portal")
        CLUSTER = "cluster", _("published by a cluster")

    #: The key imports are idempotent by (the portal's ``reference``); generated for the calls
    #: clusters publish.
    reference = models.CharField(_("reference"), max_length=200, unique=True)
    slug = models.SlugField(max_length=140, unique=True)
    #: The identifier people quote (the portal's topic identifier), when it differs.
    identifier = models.CharField(_("identifier"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    funder = models.CharField(_("funder"), max_length=200, blank=True)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    #: Kinds of action ("Research and Innovation Action", "cascade funding"...).
    action_types = models.JSONField(_("types of action"), default=list, blank=True)
    #: Keywords of what the call funds; also what the matching engine reads as its needs.
    topics = models.JSONField(_("topics"), default=list, blank=True)
    #: Packed ``Applicant`` codes (``eligibility.pack``); empty: any applicant.
    eligible_applicants = models.CharField(
        _("eligible applicants"), max_length=200, blank=True, default=""
    )
    #: Packed ISO country codes or ``EU``; empty: any country.
    eligible_countries = models.CharField(
        _("eligible countries"), max_length=800, blank=True, default=""
    )
    #: What the codes cannot say ("SMEs of the consortium's regions", "one per company").
    eligibility_note = models.CharField(_("eligibility note"), max_length=300, blank=True)
    #: Grant per project, in euros, when the call says.
    amount_min = models.DecimalField(
        _("grant from (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_max = models.DecimalField(
        _("grant up to (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget = models.DecimalField(
        _("total budget (EUR)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    relayed_by = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="relayed_calls",
        limit_choices_to={"kind__in": ["cluster", "pole"]},
        verbose_name=_("relayed by"),
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    #: Demonstration record (its dates are made up), shown as such.
    synthetic = models.BooleanField(_("synthetic"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="published_calls",
    )
    #: Folded title, identifier, programme, funder, summary and topics, for search.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = CallQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["title"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_max__gte=models.F("amount_min")),
                name="call_amounts_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = fold(
            " ".join(
                [
                    self.reference,
                    self.identifier,
                    self.title,
                    self.programme,
                    self.funder,
                    self.summary,
                    *self.topics,
                ]
            )
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def applicants(self) -> list[str]:
        return unpack(self.eligible_applicants)

    @property
    def countries(self) -> list[str]:
        return unpack(self.eligible_countries)

    @property
    def open_to_eu(self) -> bool:
        return EU in self.countries


class CallDeadline(models.Model):
    """One cut-off date of a call (calls often have several)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="deadlines")
    date = models.DateField(_("deadline"))

    class Meta:
        ordering: ClassVar = ["date"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["call", "date"], name="unique_call_deadline")
        ]

    def __str__(self) -> str:
        return f"{self.call_id} {self.date}"


class ExpressionOfInterest(models.Model):
    """An organisation tells the relaying cluster it means to apply to a call.

    Seen only by the organisation's people and the managers of the cluster relaying the call
    (``calls.permissions``): companies are discreet about what they apply for.
    """

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="call_interests"
    )
    #: Who expressed it (kept when they leave the organisation's account).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("expressed at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["call", "organisation"], name="one_interest_per_call_and_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.call}"
