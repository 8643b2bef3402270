"""``/events``: events co-organised by clusters and poles."""

from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from maillage.api.pagination import paginate
from maillage.api.schemas import EventDetailOut, EventOut, Page, PageParams, ProblemOut
from maillage.ecosystem.text import fold, search_terms
from maillage.events.models import Event
from maillage.events.queries import events_for_list

router = Router(tags=["events"])


class EventFilters(Schema):
    search: str = Field(
        "", max_length=200, description="Words of the name (accents and case ignored)."
    )


def search_events(events: QuerySet[Event], query: str) -> QuerySet[Event]:
    """Events whose name holds every word of ``query``, accents ignored.

    Event has no folded search column, and events number in the hundreds, not thousands, so
    names are folded here (one light query) rather than in SQL, which differs by database.
    """
    terms = search_terms(query)
    if not terms:
        return events
    matching = [
        pk
        for pk, name in events.values_list("pk", "name")
        if all(term in fold(name) for term in terms)
    ]
    return events.filter(pk__in=matching)


@router.get("", response={200: Page[EventOut], 422: ProblemOut})
def list_events(
    request: HttpRequest, filters: Query[EventFilters], page: Query[PageParams]
) -> dict[str, object]:
    """Events, most recent first."""
    events = search_events(events_for_list(), filters.search).order_by(
        F("year").desc(nulls_last=True), F("start_date").desc(nulls_last=True), "name", "pk"
    )
    return paginate(events, page)


@router.get("/{slug}", response={200: EventDetailOut, 404: ProblemOut})
def get_event(request: HttpRequest, slug: str) -> Event:
    event = events_for_list().filter(slug=slug).first()
    if event is None:
        raise Http404(_("No event has the slug %(slug)s.") % {"slug": slug})
    return event
