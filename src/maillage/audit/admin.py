"""The audit trail in the admin: platform admins read it; nobody adds, changes or deletes."""

import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from maillage.audit.models import AuditEvent
from maillage.audit.services import Detail, record_event


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ("at", "actor_email", "action", "target_type", "target_label", "address")
    list_filter = ("action", "target_type")
    search_fields = ("actor_email", "action", "target_label", "target_id")
    date_hierarchy = "at"
    readonly_fields = (
        "at",
        "actor_id",
        "actor_email",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "details",
        "address",
    )
    actions = None

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedAdminMixin:
    """For admin pages of sensitive models (users and their roles, memberships): every addition,
    change (inlines included) and deletion made there is also recorded in the audit trail."""

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        record_event(
            actor=request.user,
            action="admin.added",
            target=obj,
            request=request,
            details={"change": _change_text(message)},
        )
        return super().log_addition(request, obj, message)  # type: ignore[misc]

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        record_event(
            actor=request.user,
            action="admin.changed",
            target=obj,
            request=request,
            details={"change": _change_text(message)},
        )
        return super().log_change(request, obj, message)  # type: ignore[misc]

    def log_deletions(self, request: HttpRequest, queryset: Any) -> Any:
        for obj in queryset:
            record_event(actor=request.user, action="admin.deleted", target=obj, request=request)
        return super().log_deletions(request, queryset)  # type: ignore[misc]


def _change_text(message: Any) -> Detail:
    """The admin's change message (a list of dicts, or text) as stored JSON."""
    if isinstance(message, list | dict | str):
        return json.loads(json.dumps(message, default=str))  # type: ignore[no-any-return]
    return str(message)
