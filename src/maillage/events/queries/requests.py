"""The organisers' list of an event's meeting requests: filters, the page's rows and the export.

One selection (``event_requests``) for the page and its CSV/XLSX exports, so a file holds what
the filtered page lists. A request is in a sector when either organisation is (an
organisation's sector: ``ecosystem.sectors``); ``participant`` is a registration of the event,
requester or recipient.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from maillage.ecosystem.models import Domain
from maillage.ecosystem.sectors import sector_by_organisation, sector_codes_by_organisation
from maillage.events.models import Event, MeetingRequest, Registration


@dataclass(frozen=True)
class RequestFilters:
    #: A ``MeetingRequest.Status`` value.
    status: str = ""
    #: A sector's axis code (a top-level domain of the taxonomy).
    sector: str = ""
    #: A registration id of the event (either side of the request).
    participant: int | None = None


class RequestFilterForm(forms.Form):
    """The filters of the requests list, as the page's form and the exports' query string read
    them; an unknown value is a form error naming the field."""

    status = forms.ChoiceField(label=_("State"), required=False)
    sector = forms.ChoiceField(label=pgettext_lazy("economic activity", "Sector"), required=False)
    participant = forms.TypedChoiceField(
        label=_("Participant"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, data: object, *, event: Event) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        everyone = [("", _("All"))]
        self.fields["status"].choices = everyone + list(MeetingRequest.Status.choices)  # type: ignore[attr-defined]
        self.fields["sector"].choices = everyone + [  # type: ignore[attr-defined]
            (d.code, d.label) for d in Domain.objects.filter(parent__isnull=True).order_by("code")
        ]
        self.fields["participant"].choices = everyone + [  # type: ignore[attr-defined]
            (r.pk, r.organisation.display_name)
            for r in Registration.objects.filter(event=event)
            .select_related("organisation")
            .order_by("organisation__name", "pk")
        ]

    def filters(self) -> RequestFilters:
        """The valid filters (call after ``is_valid()``); none when the form is invalid."""
        if not self.is_valid():
            return RequestFilters()
        return RequestFilters(
            status=self.cleaned_data["status"],
            sector=self.cleaned_data["sector"],
            participant=self.cleaned_data["participant"],
        )


def event_requests(event: Event, filters: RequestFilters) -> QuerySet[MeetingRequest]:
    """The event's requests matching ``filters``, newest first, with both organisations (one
    query, plus one for the sectors when filtered by sector)."""
    rows = MeetingRequest.objects.filter(event=event)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.participant is not None:
        rows = rows.filter(
            Q(requester_id=filters.participant) | Q(recipient_id=filters.participant)
        )
    if filters.sector:
        present = Registration.objects.filter(event=event).values_list("organisation_id", flat=True)
        inside = [
            org
            for org, code in sector_codes_by_organisation(present).items()
            if code == filters.sector
        ]
        rows = rows.filter(
            Q(requester__organisation_id__in=inside) | Q(recipient__organisation_id__in=inside)
        )
    return rows.select_related(
        "requester__organisation", "recipient__organisation", "requester__user"
    ).order_by("-created_at", "-pk")


@dataclass(frozen=True)
class RequestRow:
    """A request with its two organisations' sectors, as the list and the export show it."""

    request: MeetingRequest
    requester_sector: str
    recipient_sector: str


def with_sectors(requests: list[MeetingRequest]) -> list[RequestRow]:
    """``requests`` (from ``event_requests``) with their sectors' labels; two queries."""
    sectors = sector_by_organisation(
        {
            org
            for r in requests
            for org in (r.requester.organisation_id, r.recipient.organisation_id)
        }
    )
    return [
        RequestRow(r, sectors[r.requester.organisation_id], sectors[r.recipient.organisation_id])
        for r in requests
    ]
