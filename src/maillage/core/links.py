"""Links that leave the site (e-mails, QR codes): the platform's address plus a path."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """``path`` on the platform's public address (``MAILLAGE_SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + path
