"""Background jobs of the marketplace: thin tasks that call the services."""

from django.tasks import task

from maillage.marketplace import services


@task
def expire_listings() -> None:
    """Mark listings past their expiry as expired (periodic)."""
    services.expire_listings()
