"""Recording sensitive actions: the one function every app calls, and the retention purge.

Call ``record_event`` right after the action succeeded, inside its transaction when there is
one (so a rolled-back action leaves no trace claiming it happened)::

    record_event(actor=user, action="schedule.published", target=run.event,
                 details={"run": run.pk}, request=request)

Actions are dotted, stable names (``<thing>.<past participle>``); ``details`` holds ids and
counts, never secrets nor the personal data the action was about.
"""

import datetime as dt

from django.db import models
from django.http import HttpRequest
from django.utils import timezone

from maillage.accounts.models import User
from maillage.accounts.permissions import AnyUser
from maillage.accounts.throttling import client_address
from maillage.audit.models import AuditEvent

type Detail = str | int | float | bool | list["Detail"] | dict[str, "Detail"] | None


def record_event(
    *,
    actor: AnyUser,
    action: str,
    target: models.Model | None = None,
    details: dict[str, Detail] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event to the audit trail and return it."""
    user = actor if isinstance(actor, User) else None
    address = client_address(request) if request is not None else ""
    return AuditEvent.objects.create(
        actor_id=user.pk if user else None,
        actor_email=user.email if user else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:255] if target is not None else "",
        details=details or {},
        address=address or None,
    )


def purge_audit_events(*, older_than: dt.timedelta) -> int:
    """Delete events older than ``older_than`` (the retention period); returns how many.

    The only deletion the trail allows: it calls Django's own ``QuerySet.delete`` past the
    append-only queryset on purpose.
    """
    expired = AuditEvent.objects.filter(at__lt=timezone.now() - older_than)
    deleted, _by_model = models.QuerySet.delete(expired)
    return deleted
