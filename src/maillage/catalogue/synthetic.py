"""A large synthetic catalogue for the load benchmark (``benchmarks/web_catalogue.py``): entries
built from the demo's offers for the synthetic organisations, flagged ``synthetic``, written
with ``bulk_create``; about a third hold the demo's Digital Wallonia label."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from maillage.catalogue.demo import OFFERS
from maillage.catalogue.models import Entry, Label, LabelApplication
from maillage.ecosystem.models import Organisation

SECTORS = (
    "digital-technologies",
    "industrial-processes-materials",
    "health-nutrition",
    "sustainable-building-energy",
    "transport-mobility",
)


@transaction.atomic
def grow_catalogue(*, total: int, seed: int = 7) -> int:
    """Add synthetic entries until the catalogue has ``total``; returns how many were added."""
    missing = total - Entry.objects.count()
    if missing <= 0:
        return 0
    rng = random.Random(seed)
    organisations = list(Organisation.objects.filter(synthetic=True).values_list("pk", "name"))
    label = Label.objects.filter(body__isnull=False).order_by("pk").first()
    start = Entry.objects.count()
    entries = []
    for number in range(start, start + missing):
        organisation_id, name = rng.choice(organisations)
        picked = rng.sample(OFFERS, k=rng.randint(1, 3))
        entry = Entry(
            kind=Entry.Kind.PROVIDER,
            name=f"{name} — offer {number}",
            slug=f"bench-offer-{number}",
            organisation_id=organisation_id,
            summary={"fr": " ; ".join(o[2] for o in picked), "en": "; ".join(o[3] for o in picked)},
            offers=[o[3] for o in picked],
            technologies=sorted({o[0] for o in picked if o[0]}),
            dimensions=sorted({d for o in picked for d in o[1]}),
            sectors=sorted(rng.sample(SECTORS, k=rng.randint(1, 2))),
            sizes=sorted(rng.sample(["micro", "small", "medium", "large"], k=2)),
            languages=["fr", *rng.sample(["en", "nl", "de"], k=rng.randint(0, 2))],
            synthetic=True,
        )
        entry.search_text = entry.build_search_text()
        entries.append(entry)
    Entry.objects.bulk_create(entries, batch_size=1000)
    if label is not None:
        today = timezone.localdate()
        LabelApplication.objects.bulk_create(
            [
                LabelApplication(
                    label=label,
                    entry=entry,
                    status=LabelApplication.Status.APPROVED,
                    valid_from=today - timedelta(days=30),
                    valid_until=today + timedelta(days=700),
                )
                for entry in entries
                if rng.random() < 0.33
            ],
            batch_size=1000,
        )
    return missing
