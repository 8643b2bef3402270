"""Links that leave the site (e-mails, QR codes, calendar files): the platform's public address
(``MAILLAGE_SITE_URL``) plus a path, or its host name."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the platform's public address."""
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    """The public address's host name, which makes calendar UIDs globally unique
    (RFC 5545 3.8.4.7)."""
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "maillage.localhost"
