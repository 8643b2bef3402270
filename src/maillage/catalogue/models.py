"""Catalogue entries (digital service providers and initiatives), the labels labelling bodies
define, and the applications they review, with their history."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from maillage.core.i18n import pick_text
from maillage.ecosystem.models import Initiative, Organisation
from maillage.ecosystem.text import fold


class Technology(models.TextChoices):
    AI = "ai", _("artificial intelligence")
    HPC = "hpc", _("high-performance computing")
    CYBERSECURITY = "cybersecurity", _("cybersecurity")
    IOT = "iot", _("Internet of Things")
    CLOUD = "cloud", _("cloud")
    DATA = "data", _("data")


class Entry(models.Model):
    """What an organisation offers (a provider), or an initiative (programme, call, living lab,
    hub): for which sectors and sizes, in which languages, on which DMA dimensions and
    technologies, with references."""

    class Kind(models.TextChoices):
        PROVIDER = "provider", _("digital service provider")
        PROGRAMME = "programme", _("programme")
        CALL = "call", _("call")
        LIVING_LAB = "living_lab", _("living lab")
        HUB = "hub", _("innovation hub")
        INITIATIVE = "initiative", _("other initiative")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    #: The provider, or whoever runs the initiative (its representatives edit the entry).
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="catalogue_entries",
        verbose_name=_("organisation"),
    )
    #: The directory's initiative this entry describes (initiatives only).
    initiative = models.OneToOneField(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="entry"
    )
    #: What is offered, by language code.
    summary = models.JSONField(_("what is offered"), default=dict, blank=True)
    #: Short offers, one per line, as the matching engine reads them.
    offers = models.JSONField(default=list, blank=True)
    #: Technology codes (``Technology``).
    technologies = models.JSONField(default=list, blank=True)
    #: DMA dimension ids ("D1".."D6") the offer helps with.
    dimensions = models.JSONField(default=list, blank=True)
    #: Sector codes (strategic axes, ``ecosystem.sectors``) served; empty: every sector.
    sectors = models.JSONField(default=list, blank=True)
    #: Size bands served; empty: every size.
    sizes = models.JSONField(default=list, blank=True)
    #: Languages the service is given in ("fr", "en", "nl", "de").
    languages = models.JSONField(default=list, blank=True)
    #: References: past clients or projects, one per item.
    references = models.JSONField(default=list, blank=True)
    website = models.URLField(_("website"), blank=True)
    published = models.BooleanField(_("published"), default=True)
    synthetic = models.BooleanField(default=False)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def build_search_text(self) -> str:
        parts = [self.name, *self.summary.values(), *self.offers, *self.references]
        return fold(" ".join(str(part) for part in parts if part))

    def summary_text(self) -> str:
        wanted = (get_language() or "fr")[:2]
        for code in (wanted, "fr", "en", "nl", "de"):
            if self.summary.get(code):
                return str(self.summary[code])
        return ""


class Label(models.Model):
    """A label a labelling body grants, with its criteria and how long a grant is valid."""

    #: The body that reviews applications (None: granted outside Maillage, recorded only).
    body = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="labels_defined",
        verbose_name=_("labelling body"),
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.JSONField(_("description"), default=dict, blank=True)
    #: What an applicant must show, by language code.
    criteria = models.JSONField(_("criteria"), default=dict, blank=True)
    validity_months = models.PositiveSmallIntegerField(_("validity (months)"), default=24)
    active = models.BooleanField(_("open to applications"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("label")
        verbose_name_plural = _("labels")

    def __str__(self) -> str:
        return self.name

    @property
    def description_text(self) -> str:
        """The description in the active language (``core.i18n`` fallback)."""
        return pick_text(self.description or {})

    @property
    def criteria_text(self) -> str:
        return pick_text(self.criteria or {})


class LabelApplicationQuerySet(models.QuerySet["LabelApplication"]):
    def current(self) -> "LabelApplicationQuerySet":
        """Granted labels valid today."""
        today = timezone.localdate()
        return self.filter(status=LabelApplication.Status.APPROVED, valid_from__lte=today).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today)
        )


class LabelApplication(models.Model):
    """An entry's application for a label, and its outcome (the grant is an approved one)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("under review")
        APPROVED = "approved", _("granted")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="applications")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="label_applications")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    #: How the entry meets the criteria, in the applicant's words.
    statement = models.TextField(_("statement"), blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    #: None for grants recorded without an expiry.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    #: Why it was refused or withdrawn.
    reason = models.TextField(_("reason"), blank=True)

    objects = LabelApplicationQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-applied_at"]
        verbose_name = _("label application")
        verbose_name_plural = _("label applications")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["label", "entry"],
                condition=models.Q(status__in=["pending", "approved"]),
                name="one_open_application_per_label_and_entry",
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry} → {self.label} ({self.status})"


class LabelEvent(models.Model):
    """One step of an application's history (append-only)."""

    class Action(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("granted")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    application = models.ForeignKey(
        LabelApplication, on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    valid_until = models.DateField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action} {self.at:%Y-%m-%d}"
