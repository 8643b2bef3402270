"""The organisers' dashboard of an event (figures kept and refreshed in the background), and its
spreadsheet exports: participants, scheduled meetings and meeting requests."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from maillage.accounts.permissions import AnyUser
from maillage.core.spreadsheets import Cell, csv_bytes, xlsx_bytes
from maillage.ecosystem.sectors import sector_by_organisation
from maillage.events.dashboard import (
    Dashboard,
    compute_dashboard,
    refresh_claimed,
    shown_run,
    stored_dashboard,
)
from maillage.events.models import B2BSession, Event, Meeting, Registration
from maillage.events.permissions import check_organiser
from maillage.events.queries.requests import RequestFilters, event_requests, with_sectors
from maillage.events.slots import event_slots
from maillage.events.tasks import refresh_dashboard


def dashboard_for(user: AnyUser, event: Event) -> Dashboard:
    """The event's figures for its organisers (``PermissionDenied`` for anyone else).

    Kept figures are shown at once; stale ones are shown too while one request queues their
    refresh, so only a first visit (or one after a long pause of the workers) computes them in
    the request.
    """
    check_organiser(user, event, "dashboard")
    language = get_language() or "fr"
    stored = stored_dashboard(event.pk, language)
    if stored is None:
        return compute_dashboard(event, language)
    figures, stale = stored
    if stale and refresh_claimed(event.pk, language):
        refresh_dashboard.enqueue(event_id=event.pk, language=language)
    return figures


def _check_organiser(actor: AnyUser, event: Event) -> None:
    check_organiser(actor, event, "export")


def _when(value: object) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""  # type: ignore[arg-type]


def export_participants_xlsx(*, actor: AnyUser, event: Event) -> bytes:
    """Every registration (any status) with its organisation, sector, attendance and meetings."""
    _check_organiser(actor, event)
    run = shown_run(event)
    registrations = list(
        Registration.objects.filter(event=event)
        .select_related("organisation", "user")
        .annotate(meetings=Count("seats", filter=Q(seats__run=run)))
        .order_by("organisation__name", "pk")
    )
    sectors = sector_by_organisation({r.organisation_id for r in registrations})
    header = (
        _("Organisation"),
        _("Kind"),
        _("Sector"),
        _("Role"),
        _("Status"),
        _("Participant"),
        _("E-mail"),
        _("Checked in"),
        _("No-show"),
        _("Meetings"),
    )
    rows = (
        (
            r.organisation.display_name,
            r.organisation.get_kind_display(),
            sectors[r.organisation_id],
            r.get_role_display(),
            r.get_status_display(),
            r.user.display_name,
            r.user.email,
            _when(r.checked_in_at),
            _("yes") if r.no_show else "",
            r.meetings,
        )
        for r in registrations
    )
    return xlsx_bytes(_("Participants"), header, rows)


def export_meetings_xlsx(*, actor: AnyUser, event: Event) -> bytes:
    """The meetings of the published schedule (else the latest finished run), in time order."""
    _check_organiser(actor, event)
    run = shown_run(event)
    starts = {
        slot.number: slot.starts for slot in event_slots(B2BSession.objects.filter(event=event))
    }
    meetings = list(
        Meeting.objects.filter(run=run)
        .select_related("request__requester__organisation", "request__recipient__organisation")
        .order_by("slot", "table")
        if run
        else []
    )
    organisations = {
        org.pk: org
        for m in meetings
        for org in (m.request.requester.organisation, m.request.recipient.organisation)
    }
    sectors = sector_by_organisation(set(organisations))
    header = (
        _("Slot"),
        _("Time"),
        _("Table"),
        _("Requester"),
        _("Requester's sector"),
        _("Recipient"),
        _("Recipient's sector"),
        _("Locked"),
    )
    rows = (
        (
            m.slot,
            starts[m.slot].strftime("%Y-%m-%d %H:%M") if m.slot in starts else "",
            m.table,
            m.request.requester.organisation.display_name,
            sectors[m.request.requester.organisation_id],
            m.request.recipient.organisation.display_name,
            sectors[m.request.recipient.organisation_id],
            _("yes") if m.locked else "",
        )
        for m in meetings
    )
    return xlsx_bytes(_("Meetings"), header, rows)


def _request_rows(
    event: Event, filters: RequestFilters
) -> tuple[tuple[str, ...], list[tuple[Cell, ...]]]:
    rows = with_sectors(list(event_requests(event, filters)))
    header = (
        _("Requested on"),
        _("Requester"),
        _("Requester's sector"),
        _("Recipient"),
        _("Recipient's sector"),
        _("State"),
        _("Both asked"),
        _("Proposed by the organisers"),
        _("Answered on"),
        _("Message"),
    )
    return header, [
        (
            _when(row.request.created_at),
            row.request.requester.organisation.display_name,
            row.requester_sector,
            row.request.recipient.organisation.display_name,
            row.recipient_sector,
            row.request.get_status_display(),
            _("yes") if row.request.mutual else "",
            _("yes") if row.request.proposed_by_organiser else "",
            _when(row.request.answered_at),
            row.request.message,
        )
        for row in rows
    ]


def export_requests(*, actor: AnyUser, event: Event, filters: RequestFilters, fmt: str) -> bytes:
    """The event's meeting requests the filters select (what the filtered list shows), as
    ``csv`` or ``xlsx``; cells a spreadsheet would run as formulas are neutralised."""
    _check_organiser(actor, event)
    header, rows = _request_rows(event, filters)
    if fmt == "csv":
        return csv_bytes(header, rows)
    return xlsx_bytes(_("Meeting requests"), header, rows)
