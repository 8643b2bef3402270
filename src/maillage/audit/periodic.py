"""The audit trail's periodic job (run by ``maillage worker``, see ``core.periodic``)."""

from datetime import timedelta

from maillage.audit.tasks import purge_expired_audit_events
from maillage.core.periodic import every

# The retention period is counted in days: a daily pass keeps the trail within a day of it.
every(timedelta(days=1), purge_expired_audit_events)
