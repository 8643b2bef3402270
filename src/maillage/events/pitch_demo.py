"""The demo's InnoGO 2025 edition (SynHERA): its research pitches, from the seed data.

The seed says which researchers of which universities of applied sciences pitched which
project, and that discussions went on at the stands; it does not give the date, the running
order, stand numbers, abstracts (but one) or slides, so those stay empty and the pitches keep
the seed's order. ``load_innogo_edition`` does nothing once the edition exists.
"""

from django.db import transaction

from maillage.ecosystem.models import Organisation
from maillage.ecosystem.seed import seed_data
from maillage.events.models import Event, Pitch, PitchSession

INNOGO_SLUG = "innogo-2025"
ORGANISER_SLUG = "synhera"


def _team(partners: list[dict[str, str]], names: dict[str, str]) -> str:
    """The people who pitched; with several organisations, each group named after its own."""
    if len(partners) == 1:
        return partners[0]["people"]
    return "; ".join(
        f"{partner['people']} ({names.get(partner['organisation'], partner['organisation'])})"
        for partner in partners
    )


@transaction.atomic
def load_innogo_edition() -> int | None:
    """Create InnoGO 2025 with its pitch session; returns the number of pitches, or None when
    the edition exists already or the seed's SynHERA is missing."""
    organiser = Organisation.objects.filter(slug=ORGANISER_SLUG).first()
    if organiser is None or Event.objects.filter(slug=INNOGO_SLUG).exists():
        return None
    pitches = seed_data()["pitches"]
    event = Event.objects.create(
        name="InnoGO 2025",
        slug=INNOGO_SLUG,
        year=2025,
        description=(
            "An afternoon on innovative technologies for health, bringing researchers, "
            "companies and institutional partners together: talks, then researchers of the "
            "SynHERA network pitched their projects, and the discussions went on at the stands."
        ),
    )
    event.organisers.set([organiser])
    session = PitchSession.objects.create(
        event=event, title="Research pitches of the SynHERA network"
    )
    slugs = {p["organisation"] for item in pitches["items"] for p in item["partners"]}
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    names = {slug: organisation.display_name for slug, organisation in organisations.items()}
    Pitch.objects.bulk_create(
        Pitch(
            session=session,
            position=position,
            title=item["acronym"],
            team=_team(item["partners"], names),
            organisation=organisations.get(item["partners"][0]["organisation"]),
            abstract=item.get("extra", ""),
        )
        for position, item in enumerate(pitches["items"], start=1)
    )
    return len(pitches["items"])
