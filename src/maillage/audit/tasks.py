import datetime as dt

from django.conf import settings
from django.tasks import task

from maillage.audit.services import purge_audit_events


@task
def purge_expired_audit_events() -> None:
    """Delete audit events past MAILLAGE_AUDIT_RETENTION_DAYS (daily, see ``periodic``)."""
    purge_audit_events(older_than=dt.timedelta(days=settings.MAILLAGE_AUDIT_RETENTION_DAYS))
