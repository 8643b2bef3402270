"""The ecosystem directory: organisations, clusters and poles, memberships, people, projects."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from maillage.core.i18n import LabelledModel, label_expression
from maillage.core.progress import JobStatus
from maillage.ecosystem.identifiers import format_enterprise_number
from maillage.ecosystem.places import city_label
from maillage.ecosystem.text import fold


class DomainQuerySet(models.QuerySet["Domain"]):
    def in_label_order(self) -> "DomainQuerySet":
        """By label in the active language (with ``core.i18n``'s fallback), as tags are shown;
        the default ordering is the French label, whatever the reader's language."""
        return self.order_by(label_expression(), "code")


class Domain(LabelledModel, models.Model):
    """A node of the domain and technology taxonomy (built from the poles' and clusters' fields)."""

    code = models.SlugField(max_length=80, unique=True)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)
    #: Blank falls back to English, then French (``core.i18n``): a domain an administrator adds
    #: need not wait for its Dutch label.
    label_nl = models.CharField(_("label (Dutch)"), max_length=200, blank=True)
    #: Strategic axis this domain belongs to (None for the axes themselves).
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    objects = DomainQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["label_fr"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self) -> str:
        return self.label


class NaceCode(LabelledModel, models.Model):
    """A NACE Rev. 2 class or group (code such as ``62.01``)."""

    code = models.CharField(max_length=8, unique=True)
    label_fr = models.CharField(max_length=300)
    label_en = models.CharField(max_length=300)
    label_nl = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("NACE code")
        verbose_name_plural = _("NACE codes")

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class Organisation(models.Model):
    class Kind(models.TextChoices):
        SME = "sme", _("SME")
        LARGE_COMPANY = "large_company", _("large company")
        STARTUP = "startup", _("start-up")
        RESEARCH_CENTRE = "research_centre", _("research centre")
        UNIVERSITY = "university", _("university")
        HAUTE_ECOLE = "haute_ecole", _("haute école")
        CLUSTER = "cluster", _("cluster")
        POLE = "pole", _("competitiveness pole")
        PUBLIC_BODY = "public_body", _("public body")
        INVESTOR = "investor", _("investor")
        OTHER = "other", pgettext_lazy("organisation kind", "other")

    class SizeBand(models.TextChoices):
        #: EU SME definition (Recommendation 2003/361/EC), by headcount.
        MICRO = "micro", _("micro (fewer than 10)")
        SMALL = "small", _("small (10–49)")
        MEDIUM = "medium", _("medium (50–249)")
        LARGE = "large", _("large (250 or more)")

    #: Kinds that group other organisations as members.
    NETWORK_KINDS: ClassVar[frozenset[str]] = frozenset({Kind.CLUSTER, Kind.POLE})

    name = models.CharField(_("legal name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    #: Ten digits without dots (BCE/KBO); unique when set.
    enterprise_number = models.CharField(
        _("enterprise number"), max_length=10, blank=True, default=""
    )
    #: For organisations outside Belgium: country prefix and number, normalised.
    vat_number = models.CharField(_("VAT number"), max_length=16, blank=True, default="")
    country = models.CharField(_("country"), max_length=2, default="BE", db_index=True)
    #: For a foreign organisation: the cluster or pole abroad it comes from (a partner cluster
    #: of a Walloon one), which the directory filters by as "partner cluster".
    origin_cluster = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="origin_of",
        limit_choices_to={"kind__in": ["cluster", "pole"]},
        verbose_name=_("cluster of origin"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    #: Derived from the postcode for Belgian addresses (ISO 3166-2:BE code without prefix).
    province = models.CharField(_("province"), max_length=3, blank=True, db_index=True)
    website = models.URLField(_("website"), blank=True)
    size_band = models.CharField(
        _("size"), max_length=10, choices=SizeBand.choices, blank=True, db_index=True
    )
    nace_codes = models.ManyToManyField(NaceCode, blank=True, related_name="organisations")
    domains = models.ManyToManyField(Domain, blank=True, related_name="organisations")
    #: Descriptions by language code, e.g. {"fr": "...", "en": "..."}.
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    #: Generated demo population, shown as such in the interface.
    synthetic = models.BooleanField(_("synthetic"), default=False, db_index=True)
    #: The logo re-encoded as PNG within 256 px, and a 64 px thumbnail for cards and lists
    #: (logos.py writes both; the uploaded file itself is never kept).
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True, editable=False)
    logo_thumbnail = models.ImageField(upload_to="logos/", blank=True, editable=False)
    #: Folded name, short name, city and descriptions, for accent-insensitive search.
    search_text = models.TextField(editable=False, default="")
    #: Folded name and short name: a search whose every word occurs here ranks the
    #: organisation first.
    search_name = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    #: Indexed: the directory index compares the latest edit to see whether it is stale.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["enterprise_number"],
                condition=~models.Q(enterprise_number=""),
                name="unique_enterprise_number",
            )
        ]
        indexes: ClassVar = [
            models.Index(fields=["kind", "name"]),
            # The directory's order, read a page at a time in the database (PostgreSQL).
            models.Index(fields=["name", "id"], name="organisation_directory_order"),
            # The directory's facets on these columns, counted in one index-only scan.
            models.Index(
                fields=["kind", "province", "country", "size_band", "origin_cluster"],
                name="organisation_facets",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.fill_search_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "search_name"}  # type: ignore[misc]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def fill_search_fields(self) -> None:
        """Set ``search_text`` and ``search_name`` from the fields they fold (what ``save``
        does, for rows created in bulk)."""
        self.search_text = self.build_search_text()
        self.search_name = fold(f"{self.name} {self.short_name}")

    def build_search_text(self) -> str:
        parts = [self.name, self.short_name, self.city, *self.descriptions.values()]
        return fold(" ".join(part for part in parts if part))

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def city_label(self) -> str:
        """The city as shown in a sentence or a card (its Dutch name on a Dutch page); the
        postal address keeps it as written."""
        return city_label(self.city)

    @property
    def is_network(self) -> bool:
        return self.kind in self.NETWORK_KINDS

    @property
    def enterprise_number_display(self) -> str:
        return format_enterprise_number(self.enterprise_number)

    def description(self, language: str | None = None) -> str:
        """The description in the asked (or current) language, else any available one."""
        wanted = (language or get_language() or "fr")[:2]
        if wanted in self.descriptions:
            return str(self.descriptions[wanted])
        for code in ("fr", "en", "nl", "de"):
            if self.descriptions.get(code):
                return str(self.descriptions[code])
        return ""


def current_membership(prefix: str = "") -> models.Q:
    """Memberships that have not ended and are not a pending invitation (``prefix`` reaches
    them through a relation, e.g. ``"member_links__"``). Only these make an organisation a
    member: a former or invited member neither counts, nor sees the contacts of the network,
    nor gives the network's managers rights over it."""
    not_ended = models.Q(**{f"{prefix}end_date__isnull": True}) | models.Q(
        **{f"{prefix}end_date__gte": timezone.localdate()}
    )
    return not_ended & models.Q(**{f"{prefix}pending": False})


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self) -> "MembershipQuerySet":
        return self.filter(current_membership())


class Membership(models.Model):
    """An organisation's membership of a cluster or pole (several each, with dates and role)."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        FOUNDER = "founder", _("founding member")
        BOARD = "board", _("board member")
        PARTNER = "partner", _("partner")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    network = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="member_links",
        limit_choices_to={"kind__in": ["cluster", "pole"]},
        verbose_name=_("cluster or pole"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("since"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    #: An invitation (from a member import) that the organisation's representatives have not
    #: accepted yet: it counts as membership nowhere until they do.
    pending = models.BooleanField(_("invitation not yet accepted"), default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["organisation", "network"], name="unique_membership"),
            models.CheckConstraint(
                condition=~models.Q(organisation=models.F("network")), name="no_self_membership"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ∈ {self.network}"


class Contact(models.Model):
    """A person at an organisation. Their details are shown according to their consent."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts"
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    job_title = models.CharField(_("role"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    #: Consent to show the details to anyone, including anonymous visitors.
    public_consent = models.BooleanField(_("visible to the public"), default=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact",
    )

    class Meta:
        ordering: ClassVar = ["last_name", "first_name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Project(models.Model):
    class Kind(models.TextChoices):
        COLLABORATIVE = "collaborative", _("collaborative project")
        EUROPEAN = "european", _("European project")
        PITCH = "pitch", _("research pitch")
        OTHER = "other", pgettext_lazy("project kind", "other")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.acronym or self.name


class ProjectPartner(models.Model):
    """A partner of a project: an organisation of the directory, or a named outside one."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("coordinator")
        PARTNER = "partner", _("partner")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="projects"
    )
    #: For partners outside the directory (e.g. a foreign cluster).
    name = models.CharField(_("name"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    #: People who carry the project for this partner (e.g. the researchers of a pitch).
    people = models.CharField(_("people"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")

    def __str__(self) -> str:
        return str(self.organisation or self.name)


class Initiative(models.Model):
    """An initiative of the ecosystem (as Digital Wallonia recenses digital initiatives); its
    catalogue entry and labels live in the ``catalogue`` app."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="initiatives"
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering: ClassVar = ["name"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")

    def __str__(self) -> str:
        return self.name


class ImportBatch(models.Model):
    """A committed import of a member list into a cluster or pole (the audit trail)."""

    class Source(models.TextChoices):
        WEB = "web", _("web page")
        CLI = "cli", _("command line")

    network = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="import_batches",
        verbose_name=_("cluster or pole"),
    )
    #: None for imports run from the command line.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
        verbose_name=_("imported by"),
    )
    source = models.CharField(_("source"), max_length=3, choices=Source.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    #: Matched organisations that only gained the membership.
    membership_count = models.PositiveIntegerField(_("memberships added"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    #: Ids of the organisations created, and of those updated (fields filled or membership added).
    created_ids = models.JSONField(default=list, blank=True)
    updated_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.file_name} → {self.network} ({self.created_at:%Y-%m-%d %H:%M})"


class FileImportJob(models.Model):
    """An uploaded file imported in the background, in two jobs: its dry run (the preview),
    then its commit once confirmed.

    Reading and checking a large file takes seconds, longer than a web request may wait, so the
    upload and the confirmation each queue a job and the page polls its progress. The result is
    kept as JSON for the page: the preview's rows and errors, or the import's counts. The member
    import (``ImportJob``) and the maturity results' (``maturity.ResultImportJob``) add who
    imports into what.
    """

    class Kind(models.TextChoices):
        PREVIEW = "preview", _("preview")
        COMMIT = "commit", _("import")

    Status = JobStatus

    kind = models.CharField(max_length=7, choices=Kind.choices)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    stage = models.CharField(max_length=120, blank=True)
    #: The uploaded file waiting server-side (``imports.pending``) under this token.
    token = models.CharField(max_length=64)
    file_name = models.CharField(max_length=255)
    #: The uploader's interface language: the worker writes the messages in it.
    language = models.CharField(max_length=8)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name} ({self.status})"

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}


class ImportJob(FileImportJob):
    """A member import into a cluster or pole; its commit records the ``batch`` it made."""

    network = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="import_jobs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    batch = models.ForeignKey(
        ImportBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
