"""A participant's suggestions, read from the event's suggestion table (``suggestion_table``).

Small events are computed in the request (``INLINE_LIMIT`` participants, and only while the last
computation took under ``INLINE_SECONDS``); larger ones by the ``compute_suggestions`` task,
queued once per table version, the page saying "being computed" meanwhile.
"""

from dataclasses import dataclass

from django.db.models import Q

from maillage.events.models import BlockedPair, MeetingRequest, Registration
from maillage.events.suggestion_table import (
    cached_suggestions,
    claim_computation,
    computation_seconds,
    compute_event_suggestions,
)
from maillage.events.tasks import compute_suggestions
from maillage.matching.reasons import render_reason

#: Events up to this many confirmed participants are matched inside the request: measured at
#: 0.7 s for 100 participants and 1.5 s for 200 on the 2-core CI machine (hashing embedder,
#: reasons included), so larger events go to the background task.
INLINE_LIMIT = 100
#: A computation that took longer than this goes to the background next time.
INLINE_SECONDS = 1.0


@dataclass(frozen=True)
class Suggestion:
    registration: Registration
    score: float
    reasons: tuple[str, ...]
    #: The latest meeting request between the two (either way), shown instead of a second
    #: "request a meeting" button.
    request: MeetingRequest | None = None


def suggestions_for(registration: Registration) -> list[Suggestion] | None:
    """Suggestions for one participant, with reasons; None while a background job computes them.

    For small events, a cache miss is computed here; for large ones, a task is queued.
    """
    rows = cached_suggestions(registration.event_id, registration.pk)
    if rows is None:
        confirmed = Registration.objects.filter(
            event_id=registration.event_id, status=Registration.Status.CONFIRMED
        ).count()
        slow = computation_seconds(registration.event_id) >= INLINE_SECONDS
        if confirmed > INLINE_LIMIT or slow:
            if claim_computation(registration.event_id):
                compute_suggestions.enqueue(event_id=registration.event_id)
            return None
        rows = compute_event_suggestions(registration.event_id).get(registration.pk, [])
    # Blocks made since the cache was filled are honoured at read time too, both ways.
    mine = BlockedPair.objects.filter(registration=registration).values_list(
        "organisation_id", flat=True
    )
    theirs = BlockedPair.objects.filter(
        organisation_id=registration.organisation_id,
        registration__event_id=registration.event_id,
    ).values_list("registration__organisation_id", flat=True)
    excluded = set(mine) | set(theirs)
    by_pk = {
        r.pk: r
        for r in Registration.objects.filter(
            pk__in=[other for other, _s, _r in rows], status=Registration.Status.CONFIRMED
        ).select_related("organisation", "event")
    }
    requests = _requests_between(registration, list(by_pk))
    return [
        Suggestion(
            by_pk[other],
            score,
            tuple(render_reason(*reason) for reason in reasons),
            requests.get(other),
        )
        for other, score, reasons in rows
        if other in by_pk and by_pk[other].organisation_id not in excluded
    ]


def _requests_between(registration: Registration, others: list[int]) -> dict[int, MeetingRequest]:
    """Per other registration, the latest request between it and ``registration`` (either way;
    cancelled ones left out, as those may be made again). One query."""
    found = (
        MeetingRequest.objects.exclude(status=MeetingRequest.Status.CANCELLED)
        .filter(
            Q(requester=registration, recipient_id__in=others)
            | Q(recipient=registration, requester_id__in=others)
        )
        .order_by("created_at", "pk")
    )
    latest: dict[int, MeetingRequest] = {}
    for request in found:
        mine = request.requester_id == registration.pk
        latest[request.recipient_id if mine else request.requester_id] = request
    return latest
