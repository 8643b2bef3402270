"""Tokens for scripts that use the API (``Authorization: Bearer <token>``)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A secret a script presents instead of a session; it acts as its user.

    Only a SHA-256 hash of the token is stored: the token itself is shown once, at creation.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    #: The token's first random characters, stored in clear to find the row to compare with.
    prefix = models.CharField(max_length=16, unique=True)
    #: SHA-256 of the whole token, hexadecimal.
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name or self.prefix} ({self.user})"
