"""The audit trail: who did what sensitive thing, when; rows are appended, never changed."""

from typing import Any, ClassVar, NoReturn

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(RuntimeError):
    """An audit event was about to be changed or deleted outside the retention purge."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are never changed")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("audit events are only removed by the retention purge")


class AuditEvent(models.Model):
    """One sensitive action. The database refuses UPDATE on this table (a trigger, see the
    migration), so not even a platform admin can rewrite history through SQL made by the app."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    #: The user's id when it happened (no foreign key: the trail outlives deleted accounts).
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True)
    #: The actor's e-mail address then ("" for the system: commands, tasks, the demo).
    actor_email = models.CharField(_("actor"), max_length=254, blank=True)
    #: Dotted and stable, for filtering: ``import.committed``, ``membership.added`` ...
    action = models.CharField(_("action"), max_length=64, db_index=True)
    #: What it was done to: model label, primary key, and a readable name at the time.
    target_type = models.CharField(_("target type"), max_length=64, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=255, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)

    objects: ClassVar[models.Manager["AuditEvent"]] = AuditEventQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["-at", "-pk"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes: ClassVar = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_email or '-'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AppendOnlyError("audit events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("audit events are only removed by the retention purge")
