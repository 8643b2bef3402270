"""Users log in with their e-mail address; what they may do comes from their affiliations."""

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    #: Django admin access; platform admins are superusers.
    is_staff = models.BooleanField(_("staff status"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    #: Preferred interface language (None: the browser's).
    language = models.CharField(_("language"), max_length=5, blank=True)
    #: When the person deleted their account: the row stays, anonymised, so that what others
    #: depend on (meetings in their agendas, ideas) keeps its place (``privacy.services``).
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    @property
    def display_name(self) -> str:
        """The name shown to other people: "a former participant" once the account is deleted."""
        if self.deleted_at is not None:
            return str(_("a former participant"))
        return self.full_name

    @property
    def is_platform_admin(self) -> bool:
        return bool(self.is_active and self.is_superuser)


class Affiliation(models.Model):
    """A user's standing in an organisation: the single source of roles below platform admin."""

    class Role(models.TextChoices):
        MEMBER = "member", _("member")
        #: Edits the organisation's profile and contacts.
        REPRESENTATIVE = "representative", _("organisation representative")
        #: On a cluster or pole: manages its members and events.
        MANAGER = "manager", _("cluster manager")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="affiliations")
    organisation = models.ForeignKey(
        "ecosystem.Organisation", on_delete=models.CASCADE, related_name="affiliations"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="unique_affiliation_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.role})"


class AffiliationClaim(models.Model):
    """A person asks to join an organisation of the directory (as a member or its
    representative). It grants nothing until one of the organisation's representatives, a
    manager of one of its clusters or poles, or a platform admin approves it
    (``ecosystem.claims``); approving creates the ``Affiliation``."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        DECLINED = "declined", _("declined")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="affiliation_claims")
    organisation = models.ForeignKey(
        "ecosystem.Organisation", on_delete=models.CASCADE, related_name="affiliation_claims"
    )
    #: Member or representative: managers are appointed, never claimed.
    role = models.CharField(_("role"), max_length=20, choices=Affiliation.Role.choices)
    message = models.CharField(_("message to the approvers"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("request to join an organisation")
        verbose_name_plural = _("requests to join an organisation")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="one_pending_claim_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.role}, {self.status})"
