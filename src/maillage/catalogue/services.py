"""Writes of the catalogue: entries, labels, and the review of label applications (each step
kept in the application's history). Views, the API, commands and the demo call these."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from maillage.accounts.models import User
from maillage.accounts.permissions import AnyUser
from maillage.catalogue import permissions
from maillage.catalogue.models import Entry, Label, LabelApplication, LabelEvent, Technology
from maillage.catalogue.vocabulary import (
    DIMENSION_IDS,
    LANGUAGES,
    sector_codes,
)
from maillage.core.errors import NON_FIELD, ValidationFailed
from maillage.ecosystem.models import Organisation

LIST_FIELDS = ("technologies", "dimensions", "sectors", "sizes", "languages")


def _user(actor: AnyUser) -> User | None:
    return actor if isinstance(actor, User) else None


def _unique_slug(model: type[Entry] | type[Label], name: str, current: int | None) -> str:
    base = slugify(name)[:100] or "entry"
    slug, n = base, 1
    others = model.objects.all() if current is None else model.objects.exclude(pk=current)
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def clean_entry_data(data: Mapping[str, Any]) -> dict[str, Any]:
    """Check an entry's fields; ``ValidationFailed`` names each bad field and value."""
    allowed = {
        "technologies": set(Technology.values),
        "dimensions": set(DIMENSION_IDS),
        "sectors": sector_codes(),
        "sizes": set(Organisation.SizeBand.values),
        "languages": set(LANGUAGES),
    }
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    name = str(data.get("name", "")).strip()
    if not name:
        errors["name"] = [_("Give the entry a name.")]
    cleaned["name"] = name[:200]
    for field, values in allowed.items():
        given = data.get(field, [])
        if not isinstance(given, list | tuple):
            errors[field] = [_("This field must be a list.")]
            continue
        unknown = [str(v) for v in given if v not in values]
        if unknown:
            errors[field] = [
                _("Unknown values: %(values)s; known: %(known)s.")
                % {"values": ", ".join(unknown), "known": ", ".join(sorted(values))}
            ]
        cleaned[field] = list(dict.fromkeys(given))
    for field in ("offers", "references"):
        given = data.get(field, [])
        if not isinstance(given, list | tuple) or not all(isinstance(v, str) for v in given):
            errors[field] = [_("This field must be a list of texts.")]
            continue
        cleaned[field] = [v.strip() for v in given if v.strip()]
    summary = data.get("summary", {})
    if not isinstance(summary, dict) or not all(isinstance(v, str) for v in summary.values()):
        errors["summary"] = [_("Give the summary as texts by language code.")]
    else:
        cleaned["summary"] = {k: v.strip() for k, v in summary.items() if v.strip()}
    kind = data.get("kind", Entry.Kind.PROVIDER)
    if kind not in Entry.Kind.values:
        errors["kind"] = [_("Unknown kind %(kind)s.") % {"kind": kind}]
    cleaned["kind"] = kind
    cleaned["website"] = str(data.get("website", "") or "")
    if errors:
        raise ValidationFailed(errors)
    return cleaned


def save_entry(
    *,
    actor: AnyUser,
    organisation: Organisation,
    data: Mapping[str, Any],
    entry: Entry | None = None,
) -> Entry:
    """Create (``entry`` None) or change an organisation's catalogue entry."""
    target = entry or Entry(organisation=organisation)
    if not permissions.can_edit_entry(actor, target):
        raise PermissionDenied(permissions.EDIT_REFUSED)
    cleaned = clean_entry_data(data)
    for field, value in cleaned.items():
        setattr(target, field, value)
    target.slug = target.slug or _unique_slug(Entry, cleaned["name"], target.pk)
    target.save()
    return target


def define_label(
    *,
    actor: AnyUser,
    body: Organisation,
    name: str,
    criteria: Mapping[str, str],
    description: Mapping[str, str] | None = None,
    validity_months: int = 24,
) -> Label:
    if not permissions.can_define_labels(actor, body.pk):
        raise PermissionDenied(permissions.DEFINE_REFUSED)
    errors = {}
    if not name.strip():
        errors["name"] = [_("Give the label a name.")]
    if not any(str(text).strip() for text in criteria.values()):
        errors["criteria"] = [_("State the criteria an applicant must meet.")]
    if not 1 <= validity_months <= 120:
        errors["validity_months"] = [_("A label is valid between 1 and 120 months.")]
    if errors:
        raise ValidationFailed(errors)
    return Label.objects.create(
        body=body,
        name=name.strip(),
        slug=_unique_slug(Label, name, None),
        criteria=dict(criteria),
        description=dict(description or {}),
        validity_months=validity_months,
    )


def _record(application: LabelApplication, action: str, actor: AnyUser, note: str = "") -> None:
    LabelEvent.objects.create(
        application=application,
        action=action,
        by=_user(actor),
        note=note,
        valid_until=application.valid_until,
    )


@transaction.atomic
def apply_for_label(
    *, actor: AnyUser, label: Label, entry: Entry, statement: str
) -> LabelApplication:
    """Ask the label's body to review the entry; refused while one is open (pending or
    granted) or when the label is closed."""
    if not permissions.can_apply_for_label(actor, entry):
        raise PermissionDenied(permissions.APPLY_REFUSED)
    if not label.active or label.body_id is None:
        raise ValidationFailed({NON_FIELD: [_("This label takes no applications.")]})
    if not statement.strip():
        raise ValidationFailed({"statement": [_("Explain how the entry meets the criteria.")]})
    open_ones = LabelApplication.objects.select_for_update().filter(
        label=label,
        entry=entry,
        status__in=[LabelApplication.Status.PENDING, LabelApplication.Status.APPROVED],
    )
    if open_ones.exists():
        raise ValidationFailed(
            {NON_FIELD: [_("This entry already holds this label, or has applied for it.")]}
        )
    application = LabelApplication.objects.create(
        label=label, entry=entry, statement=statement.strip(), applied_by=_user(actor)
    )
    _record(application, LabelEvent.Action.APPLIED, actor, application.statement)
    return application


def _locked(
    actor: AnyUser, application: LabelApplication, status: str, refusal: str
) -> LabelApplication:
    """The application, locked, if it has ``status``; else ``refusal`` (a sentence that names
    the transition, with the current status as a quoted label: no status reads as an adjective
    in every language)."""
    if not permissions.can_review(actor, application.label):
        raise PermissionDenied(permissions.REVIEW_REFUSED)
    locked = (
        LabelApplication.objects.select_for_update().select_related("label").get(pk=application.pk)
    )
    if locked.status != status:
        raise ValidationFailed({NON_FIELD: [refusal % {"status": locked.get_status_display()}]})
    return locked


def _months_later(start: date, months: int) -> date:
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    for day in range(start.day, 27, -1):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return date(year, month, min(start.day, 28))


@transaction.atomic
def approve_application(
    *, actor: AnyUser, application: LabelApplication, valid_until: date | None = None
) -> LabelApplication:
    """Grant the label from today until ``valid_until`` (the label's validity by default)."""
    locked = _locked(
        actor,
        application,
        LabelApplication.Status.PENDING,
        _("Only an application under review can be granted; this one's status is “%(status)s”."),
    )
    today = timezone.localdate()
    until = valid_until or _months_later(today, locked.label.validity_months) - timedelta(days=1)
    if until <= today:
        raise ValidationFailed({"valid_until": [_("The expiry must be after today.")]})
    locked.status = LabelApplication.Status.APPROVED
    locked.decided_by = _user(actor)
    locked.decided_at = timezone.now()
    locked.valid_from, locked.valid_until = today, until
    locked.save()
    _record(locked, LabelEvent.Action.APPROVED, actor)
    return locked


@transaction.atomic
def refuse_application(
    *, actor: AnyUser, application: LabelApplication, reason: str
) -> LabelApplication:
    locked = _locked(
        actor,
        application,
        LabelApplication.Status.PENDING,
        _("Only an application under review can be refused; this one's status is “%(status)s”."),
    )
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Give the reason for the refusal.")]})
    locked.status = LabelApplication.Status.REFUSED
    locked.reason = reason.strip()
    locked.decided_by = _user(actor)
    locked.decided_at = timezone.now()
    locked.save()
    _record(locked, LabelEvent.Action.REFUSED, actor, locked.reason)
    return locked


@transaction.atomic
def withdraw_label(
    *, actor: AnyUser, application: LabelApplication, reason: str
) -> LabelApplication:
    """Withdraw a granted label before its expiry, with the reason (kept in the history)."""
    locked = _locked(
        actor,
        application,
        LabelApplication.Status.APPROVED,
        _("Only a granted label can be withdrawn; this application's status is “%(status)s”."),
    )
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Give the reason for the withdrawal.")]})
    locked.status = LabelApplication.Status.WITHDRAWN
    locked.reason = reason.strip()
    locked.valid_until = min(locked.valid_until or timezone.localdate(), timezone.localdate())
    locked.save()
    _record(locked, LabelEvent.Action.WITHDRAWN, actor, locked.reason)
    return locked
