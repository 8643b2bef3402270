"""Writes of the marketplace: publish, change, withdraw and expire offers and needs.

Pages, the API and the periodic job call these; each checks who may act, then validates the whole
input (``ValidationFailed`` with a message per field, nothing written), then writes. A listing
change also tells the matching tables that its organisation's profile changed
(``matching_inputs_changed``).
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.models import Domain, Organisation
from maillage.marketplace import permissions
from maillage.marketplace.models import Listing
from maillage.marketplace.versions import matching_inputs_changed

TITLE_MAX = 200
DESCRIPTION_MAX = 5000
#: A listing is published for at most this long; it may be renewed by editing.
LONGEST_VALIDITY = timedelta(days=2 * 366)
LANGUAGES = ("fr", "en", "nl", "de")
FIELDS = frozenset(
    {"direction", "category", "title", "description", "language", "domains", "expires_at"}
)


def _clean(data: Mapping[str, Any], *, current: Listing | None) -> dict[str, Any]:
    """The validated values of ``data`` (for a change, fields left out keep ``current``'s).

    Raises ``ValidationFailed`` naming every wrong field at once.
    """
    errors: dict[str, list[str]] = {name: [_("Unknown field.")] for name in set(data) - FIELDS}

    def value(name: str, default: Any) -> Any:
        return data.get(name, default)

    direction = value("direction", current.direction if current else "")
    if direction not in Listing.Direction.values:
        errors["direction"] = [_("Choose offer or need.")]
    category = value("category", current.category if current else "")
    if category not in Listing.Category.values:
        errors["category"] = [_("Choose technology, business or R&D partner search.")]
    language = value("language", current.language if current else "fr")
    if language not in LANGUAGES:
        errors["language"] = [_("Choose French, English, Dutch or German.")]
    title = str(value("title", current.title if current else "") or "").strip()
    description = str(value("description", current.description if current else "") or "").strip()
    errors.update(_text_errors(title=title, description=description))
    expires_at = value("expires_at", current.expires_at if current else None)
    if current is None or "expires_at" in data:
        errors.update(_expiry_errors(expires_at))
    domains: list[Domain] | None = None
    if "domains" in data or current is None:
        codes = [str(code) for code in (data.get("domains") or [])]
        found = {d.code: d for d in Domain.objects.filter(code__in=codes)}
        if missing := [code for code in codes if code not in found]:
            errors["domains"] = [
                _("Unknown domain codes: %(codes)s.") % {"codes": ", ".join(missing)}
            ]
        domains = [found[code] for code in dict.fromkeys(codes) if code in found]
    if errors:
        raise ValidationFailed(errors)
    return {
        "direction": direction,
        "category": category,
        "title": title,
        "description": description,
        "language": language,
        "expires_at": expires_at,
        "domains": domains,
    }


def _text_errors(*, title: str, description: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    # A NUL character cannot be stored by PostgreSQL: refused here rather than failing there.
    for name, text in (("title", title), ("description", description)):
        if "\x00" in text:
            errors[name] = [_("Null characters are not allowed.")]
    if errors:
        return errors
    if not title:
        errors["title"] = [_("Give the listing a title.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [
            _("The title is %(n)d characters long; at most %(max)d are allowed.")
            % {"n": len(title), "max": TITLE_MAX}
        ]
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = [
            _("The description is %(n)d characters long; at most %(max)d are allowed.")
            % {"n": len(description), "max": DESCRIPTION_MAX}
        ]
    return errors


def _expiry_errors(expires_at: object) -> dict[str, list[str]]:
    now = timezone.now()
    if not isinstance(expires_at, datetime):
        return {"expires_at": [_("Give the date until which the listing is valid.")]}
    if timezone.is_naive(expires_at):
        return {"expires_at": [_("The expiry must say its time zone (e.g. +01:00 or Z).")]}
    if expires_at <= now:
        return {"expires_at": [_("The expiry must be in the future.")]}
    if expires_at > now + LONGEST_VALIDITY:
        return {"expires_at": [_("A listing is published for two years at most.")]}
    return {}


def publish_listing(
    *, actor: AnyUser, organisation: Organisation, data: Mapping[str, Any]
) -> Listing:
    """Publish an offer or a need in ``organisation``'s name (its representatives)."""
    permissions.check_can_publish_for(actor, organisation)
    values = _clean(data, current=None)
    domains = values.pop("domains")
    with transaction.atomic():
        listing = Listing(organisation=organisation, **values)
        listing.search_text = listing.build_search_text()
        listing.save()
        listing.domains.set(domains or [])
    matching_inputs_changed()
    return listing


def update_listing(*, actor: AnyUser, listing: Listing, data: Mapping[str, Any]) -> Listing:
    """Change the fields in ``data``; the others are kept. An expired listing given a new
    expiry is published again; a withdrawn one stays withdrawn (publish a new one)."""
    permissions.check_can_edit_listing(actor, listing)
    if listing.status == Listing.Status.WITHDRAWN:
        raise ValidationFailed(
            {"status": _("A withdrawn listing cannot be changed; publish a new one.")}
        )
    values = _clean(data, current=listing)
    domains = values.pop("domains")
    for name, new in values.items():
        setattr(listing, name, new)
    listing.search_text = listing.build_search_text()
    if listing.expires_at > timezone.now():
        listing.status = Listing.Status.ACTIVE
    with transaction.atomic():
        listing.save(update_fields=[*values, "search_text", "status", "updated_at"])
        if domains is not None:
            listing.domains.set(domains)
    matching_inputs_changed()
    return listing


def withdraw_listing(*, actor: AnyUser, listing: Listing) -> Listing:
    """Take a listing down for good: it leaves the marketplace and matching at once."""
    permissions.check_can_edit_listing(actor, listing)
    if listing.status != Listing.Status.WITHDRAWN:
        listing.status = Listing.Status.WITHDRAWN
        listing.save(update_fields=["status", "updated_at"])
        matching_inputs_changed()
    return listing


def expire_listings(*, now: datetime | None = None) -> int:
    """Mark active listings past their expiry as expired; returns how many (periodic job)."""
    now = now or timezone.now()
    count = Listing.objects.filter(status=Listing.Status.ACTIVE, expires_at__lte=now).update(
        status=Listing.Status.EXPIRED, updated_at=now
    )
    if count:
        matching_inputs_changed()
    return count
