"""Reads for the matching app: the feedback that later rankings take into account."""

from collections.abc import Mapping

from maillage.matching.engine import FeedbackStore
from maillage.matching.models import SuggestionFeedback


def feedback_store(*, organisation_of: Mapping[str, int]) -> FeedbackStore:
    """The engine's feedback for profiles ``id -> organisation id`` (e.g. an event's
    registrations): for each pair of their organisations, the latest judgement by anyone of
    the subject organisation, applied to every profile pair of those two organisations.

    Feedback is organisation-level on purpose: a suggestion judged by one colleague need not be
    judged again by the next. One query.
    """
    profiles_of: dict[int, list[str]] = {}
    for profile_id, organisation_id in organisation_of.items():
        profiles_of.setdefault(organisation_id, []).append(profile_id)
    store = FeedbackStore()
    rows = (
        SuggestionFeedback.objects.filter(subject_id__in=profiles_of, suggested_id__in=profiles_of)
        .order_by("created_at", "pk")
        .values_list("subject_id", "suggested_id", "useful")
    )
    # Oldest first, so the latest judgement of each pair is the one the store keeps.
    for subject_id, suggested_id, useful in rows:
        for query in profiles_of[subject_id]:
            for candidate in profiles_of[suggested_id]:
                store.mark(query, candidate, useful=useful)
    return store
