"""Reads for the matching app: the feedback that later rankings take into account, and the
collaboration graph as a viewer may see it."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Q

from maillage.ecosystem.models import Organisation
from maillage.matching.engine import FeedbackStore
from maillage.matching.models import SuggestionFeedback, Tie


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


@dataclass(frozen=True)
class CollaborationView:
    """The collaboration graph as a set of viewers may see it.

    ``public``: every tie anyone may see, organisation -> {partner: weight} (both directions).
    ``private``: for each viewer organisation only, its own private ties (meetings, teams).
    ``labels``: per ordered pair of organisations, the names of the (public) projects they
    share, for the "same projects" reason.
    """

    public: dict[int, dict[int, float]]
    private: dict[int, dict[int, float]]
    labels: dict[tuple[int, int], list[str]]
    names: dict[int, str]


def collaboration_view(*, viewer_ids: Iterable[int]) -> CollaborationView:
    """Public ties of the whole graph, and the private ties of ``viewer_ids`` only. Two queries
    (ties, then the names of the organisations they link)."""
    viewers = set(viewer_ids)
    public: dict[int, dict[int, float]] = {}
    private: dict[int, dict[int, float]] = {}
    labels: dict[tuple[int, int], list[str]] = {}
    rows = (
        Tie.objects.filter(Q(private=False) | Q(first_id__in=viewers) | Q(second_id__in=viewers))
        .order_by("date", "pk")
        .values_list("first_id", "second_id", "weight", "private", "kind", "label")
    )
    for first, second, weight, is_private, kind, label in rows:
        for me, other in ((first, second), (second, first)):
            if is_private and me not in viewers:
                continue
            side = private if is_private else public
            ties = side.setdefault(me, {})
            ties[other] = ties.get(other, 0.0) + weight
            if kind == Tie.Kind.PROJECT and label:
                known = labels.setdefault((me, other), [])
                if label not in known:
                    known.append(label)
    nodes = set(public) | {o for ties in (*public.values(), *private.values()) for o in ties}
    names = {
        pk: short or name
        for pk, short, name in Organisation.objects.filter(pk__in=nodes | viewers).values_list(
            "pk", "short_name", "name"
        )
    }
    return CollaborationView(public=public, private=private, labels=labels, names=names)
