"""Consortia built on the platform to answer a call: partners wanted, invited, and joined."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maillage.calls.models.call import Call
from maillage.calls.models.jobs import Job
from maillage.ecosystem.models import Organisation


class PartnerRole(models.TextChoices):
    """What a partner brings to a consortium; each role is filled by some kinds of
    organisation (``calls.consortia.KINDS_OF_ROLE``)."""

    COORDINATOR = "coordinator", _("coordinator")
    RESEARCH = "research", _("research centre or university")
    TECHNOLOGY_PROVIDER = "technology_provider", _("technology provider")
    END_USER = "end_user", _("end user")
    SME = "sme", _("SME")
    LARGE_COMPANY = "large_company", _("large company")
    PUBLIC_BODY = "public_body", _("public body")
    CLUSTER = "cluster", _("cluster or pole")


class Consortium(models.Model):
    """A group of organisations preparing a proposal to one call, led by one of them."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="consortia")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("project idea"), blank=True, max_length=4000)
    #: The coordinating organisation: its representatives invite the partners.
    lead = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="led_consortia")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-pk"]
        verbose_name = _("consortium")
        verbose_name_plural = _("consortia")

    def __str__(self) -> str:
        return self.name


class WantedPartner(models.Model):
    """A role the consortium still needs filled, optionally in a given country (``"a research
    centre in Germany"``)."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="wanted")
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    #: ISO code; empty: any country.
    country = models.CharField(_("country"), max_length=2, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["pk"]
        verbose_name = _("wanted partner")
        verbose_name_plural = _("wanted partners")

    def __str__(self) -> str:
        return f"{self.role} {self.country or '*'}"


class Partner(models.Model):
    """An organisation in a consortium: its lead, or one invited (then accepted or declined)."""

    class Status(models.TextChoices):
        LEAD = "lead", _("lead")
        INVITED = "invited", _("invited")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="consortium_partnerships"
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    #: The wanted partner this invitation answers (None for the lead or a free invitation).
    wanted = models.ForeignKey(
        WantedPartner, null=True, blank=True, on_delete=models.SET_NULL, related_name="invited"
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["invited_at", "pk"]
        verbose_name = _("consortium partner")
        verbose_name_plural = _("consortium partners")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["consortium", "organisation"], name="one_place_per_organisation"
            ),
            models.UniqueConstraint(
                fields=["consortium"],
                condition=models.Q(status="lead"),
                name="one_lead_per_consortium",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.consortium} ({self.status})"


class PartnerProposalRun(Job):
    """Partners the matching engine proposes for a consortium's wanted partners.

    ``result["proposals"]``: ``{wanted id: [{"organisation": id, "score": float, "reasons":
    [[code, params], ...]}]}``, best first.
    """

    consortium = models.ForeignKey(
        Consortium, on_delete=models.CASCADE, related_name="proposal_runs"
    )
    #: Digest of what the proposals read (the wanted partners, the partners, the call).
    fingerprint = models.CharField(max_length=64, db_index=True)

    class Meta(Job.Meta):
        verbose_name = _("partner proposals")
        verbose_name_plural = _("partner proposals")

    def __str__(self) -> str:
        return f"{self.consortium_id} {self.fingerprint[:8]} ({self.status})"
