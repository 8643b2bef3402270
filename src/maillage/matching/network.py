"""The collaboration graph handed to the engine: organisation ties mapped onto profiles.

The engine knows profiles (e.g. an event's registrations), the graph knows organisations. Each
profile gets its organisation's public ties as ``partners`` and its own private ties as
``private_partners`` (the engine counts those only for that profile's own suggestions); a
partner organisation with no profile becomes a *context* profile, known only by its name and
public ties, so that partners in common are found and named without being suggested.
"""

from collections.abc import Mapping
from dataclasses import replace

from maillage.matching.engine import Profile
from maillage.matching.queries import CollaborationView


def context_id(organisation_id: int) -> str:
    return f"org:{organisation_id}"


def with_collaborations(
    profiles: list[Profile], *, organisation_of: Mapping[str, int], view: CollaborationView
) -> tuple[list[Profile], list[Profile]]:
    """``profiles`` with their partners filled in, and the context profiles the engine needs."""
    profiles_of: dict[int, list[str]] = {}
    for profile_id, organisation_id in organisation_of.items():
        profiles_of.setdefault(organisation_id, []).append(profile_id)

    def nodes(ties: Mapping[int, float], own: int) -> dict[str, float]:
        out: dict[str, float] = {}
        for organisation_id, weight in ties.items():
            if organisation_id == own:
                continue
            for node in profiles_of.get(organisation_id, [context_id(organisation_id)]):
                out[node] = weight
        return out

    filled = []
    for profile in profiles:
        own = organisation_of[profile.id]
        filled.append(
            replace(
                profile,
                partners=nodes(view.public.get(own, {}), own),
                private_partners=nodes(view.private.get(own, {}), own),
            )
        )
    context = [
        Profile(context_id(o), name=view.names.get(o, ""), partners=nodes(ties, o))
        for o, ties in view.public.items()
        if o not in profiles_of
    ]
    # Organisations reached only through a viewer's private ties: named, with no public tie.
    private_only = {o for ties in view.private.values() for o in ties} - set(view.public)
    context += [
        Profile(context_id(o), name=view.names.get(o, ""))
        for o in sorted(private_only)
        if o not in profiles_of
    ]
    return filled, context
