"""Storing the calls of a portal answer: all or nothing, idempotent by reference.

The command (``maillage import_calls``) runs this inline; the web page queues it as a job
(``calls.jobs``). Both get the same counts and the same errors.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.calls.models import Call, CallDeadline
from maillage.calls.portal import CallRecord, PortalFormatError, read_portal_answer
from maillage.core.progress import Progress, no_progress

#: Fields the portal owns: an update rewrites these and keeps the rest (the relaying cluster).
PORTAL_FIELDS = (
    "identifier",
    "title",
    "summary",
    "funder",
    "programme",
    "action_types",
    "topics",
    "opens_on",
    "link",
)


@dataclass(frozen=True)
class ImportCounts:
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"created {self.created}, updated {self.updated}, unchanged {self.unchanged}"


def import_portal_answer(
    *, data: bytes, progress: Progress = no_progress, synthetic: bool = False
) -> ImportCounts:
    """Read ``data`` (a saved portal answer) and store its calls.

    Raises :class:`PortalFormatError` listing every problem, and then writes nothing.
    ``synthetic`` marks created calls as demonstration records (the demo's sample).
    """
    progress(0.0, _("Reading the file"))
    answer = read_portal_answer(data)
    return store_call_records(records=answer.records, progress=progress, synthetic=synthetic)


def store_call_records(
    *, records: Sequence[CallRecord], progress: Progress = no_progress, synthetic: bool = False
) -> ImportCounts:
    """Create the calls not known by reference, update those that changed; one transaction."""
    with transaction.atomic():
        existing = {
            call.reference: call
            for call in Call.objects.filter(
                reference__in=[r.reference for r in records]
            ).prefetch_related("deadlines")
        }
        clashes = [
            _("reference %(reference)s belongs to a call published by a cluster.")
            % {"reference": reference}
            for reference, call in existing.items()
            if call.source != Call.Source.PORTAL
        ]
        if clashes:
            raise PortalFormatError(clashes)
        slugs: set[str] = set()
        created = updated = unchanged = 0
        total = len(records) or 1
        for position, record in enumerate(records, start=1):
            call = existing.get(record.reference)
            if call is None:
                _create(
                    record,
                    slug=unique_call_slug(record.reference, taken=slugs),
                    synthetic=synthetic,
                )
                created += 1
            elif _update(call, record):
                updated += 1
            else:
                unchanged += 1
            progress(
                position / total,
                ngettext(
                    "Stored %(done)d of %(total)d call",
                    "Stored %(done)d of %(total)d calls",
                    len(records),
                )
                % {
                    "done": position,
                    "total": len(records),
                },
            )
    return ImportCounts(created=created, updated=updated, unchanged=unchanged)


def _values(record: CallRecord) -> dict[str, object]:
    return {
        "identifier": record.identifier,
        "title": record.title,
        "summary": record.summary,
        "funder": record.funder,
        "programme": record.programme,
        "action_types": list(record.action_types),
        "topics": list(record.topics),
        "opens_on": record.opens_on,
        "link": record.link,
    }


def _create(record: CallRecord, *, slug: str, synthetic: bool) -> Call:
    call = Call(
        reference=record.reference,
        slug=slug,
        source=Call.Source.PORTAL,
        synthetic=synthetic,
        **_values(record),
    )
    call.save()
    _set_deadlines(call, record.deadlines)
    return call


def _update(call: Call, record: CallRecord) -> bool:
    """Rewrite what changed; whether anything did."""
    values = _values(record)
    changed = [name for name in PORTAL_FIELDS if getattr(call, name) != values[name]]
    for name in changed:
        setattr(call, name, values[name])
    deadlines_changed = [d.date for d in call.deadlines.all()] != list(record.deadlines)
    if changed or deadlines_changed:
        call.save(update_fields=[*changed, "updated_at"])
    if deadlines_changed:
        call.deadlines.all().delete()
        _set_deadlines(call, record.deadlines)
    return bool(changed or deadlines_changed)


def _set_deadlines(call: Call, dates: Sequence[dt.date]) -> None:
    CallDeadline.objects.bulk_create(CallDeadline(call=call, date=day) for day in dates)


def unique_call_slug(text: str, *, taken: set[str] | None = None) -> str:
    """A slug for a new call from ``text`` (its reference): ``-2``, ``-3``... when taken.

    ``taken`` collects the slugs given out in the same transaction, not yet saved.
    """
    base = slugify(text)[:120].strip("-") or "call"
    used = set(Call.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if taken is not None:
        used |= taken
    slug, suffix = base, 1
    while slug in used:
        suffix += 1
        slug = f"{base}-{suffix}"
    if taken is not None:
        taken.add(slug)
    return slug
