"""Demo data of the catalogue: the seed's initiatives with the labels the seed records, about a
hundred providers drawn from the synthetic population (flagged ``synthetic``), and two labels
with their history: granted, under review, refused and withdrawn applications."""

import json
import random
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from maillage.catalogue.models import Entry, Label, LabelApplication, LabelEvent
from maillage.ecosystem.models import Initiative, Organisation
from maillage.ecosystem.sectors import sector_codes_by_organisation
from maillage.ecosystem.seed import SEED_FILE

#: (technology or "", DMA dimensions, offer in French, offer in English, offer in Dutch)
OFFERS: tuple[tuple[str, tuple[str, ...], str, str, str], ...] = (
    (
        "ai",
        ("D5", "D4"),
        "modèles d'apprentissage automatique pour le contrôle qualité et la prévision "
        "de la demande",
        "machine learning models for quality control and demand forecasting",
        "machinelearningmodellen voor kwaliteitscontrole en vraagvoorspelling",
    ),
    (
        "ai",
        ("D5",),
        "vision par ordinateur pour l'inspection sur les lignes de production",
        "computer vision for inspection on production lines",
        "computervisie voor inspectie op productielijnen",
    ),
    (
        "hpc",
        ("D2", "D5"),
        "calcul haute performance pour la simulation et les jumeaux numériques",
        "high-performance computing for simulation and digital twins",
        "high-performance computing voor simulatie en digitale tweelingen",
    ),
    (
        "cybersecurity",
        ("D4", "D1"),
        "audits de cybersécurité, sauvegardes et formation du personnel contre les rançongiciels",
        "cybersecurity audits, backups and staff training against ransomware",
        "cyberbeveiligingsaudits, back-ups en opleiding van het personeel tegen ransomware",
    ),
    (
        "iot",
        ("D2", "D5"),
        "capteurs connectés et plateformes IoT pour les machines et les bâtiments",
        "connected sensors and IoT platforms for machines and buildings",
        "verbonden sensoren en IoT-platformen voor machines en gebouwen",
    ),
    (
        "cloud",
        ("D2", "D3"),
        "migration vers le cloud, outils de travail à distance et hébergement",
        "cloud migration, remote work tools and hosting",
        "migratie naar de cloud, tools voor werken op afstand en hosting",
    ),
    (
        "data",
        ("D4",),
        "intégration des données, tableaux de bord et analyses pour la décision",
        "data integration, dashboards and analytics for decision-making",
        "gegevensintegratie, dashboards en analyses voor besluitvorming",
    ),
    (
        "",
        ("D1",),
        "accompagnement de la stratégie numérique et du plan d'investissement",
        "digital strategy coaching and investment planning",
        "begeleiding bij de digitale strategie en het investeringsplan",
    ),
    (
        "",
        ("D3",),
        "formation du personnel aux compétences numériques",
        "digital skills training for staff",
        "opleiding van het personeel in digitale vaardigheden",
    ),
    (
        "data",
        ("D6", "D4"),
        "suivi de la consommation d'énergie des équipements numériques",
        "energy monitoring of digital equipment (green IT)",
        "opvolging van het energieverbruik van digitale apparatuur (green IT)",
    ),
)
INITIATIVE_KINDS = {
    "WalHub": Entry.Kind.HUB,
    "Walloon Digital Innovation Hub": Entry.Kind.HUB,
    "ICT meets ...": Entry.Kind.INITIATIVE,
}
DIGITAL_WALLONIA = "Digital Wallonia"


@dataclass(frozen=True)
class CatalogueDemo:
    entries: int
    labels: int
    granted: int


def _labels() -> tuple[Label, Label]:
    agency = Organisation.objects.get(slug="agence-du-numerique")
    mecatech = Organisation.objects.get(slug="mecatech")
    wallonia, _created = Label.objects.update_or_create(
        name=DIGITAL_WALLONIA,
        defaults={
            "slug": slugify(DIGITAL_WALLONIA),
            "body": agency,
            "active": True,
            "validity_months": 24,
            "description": {
                "fr": "Le label de la stratégie numérique régionale, pour les initiatives et "
                "les fournisseurs qui servent la transformation numérique des entreprises.",
                "en": "The regional digital strategy's label, for initiatives and providers "
                "serving companies' digital transformation.",
                "nl": "Het label van de gewestelijke digitale strategie, voor initiatieven en "
                "aanbieders die de digitale transformatie van bedrijven ondersteunen.",
            },
            "criteria": {
                "fr": "Au moins trois références d'accompagnement de PME wallonnes ; une offre "
                "décrite par dimension de maturité ; un service en français.",
                "en": "At least three references supporting Walloon SMEs; an offer described "
                "per maturity dimension; a service in French.",
                "nl": "Minstens drie referenties van begeleiding van Waalse kmo's; een aanbod "
                "beschreven per maturiteitsdimensie; een dienstverlening in het Frans.",
            },
        },
    )
    walhub = Label.objects.create(
        name="WalHub expert partner",
        slug="walhub-expert-partner",
        body=mecatech,
        validity_months=12,
        description={
            "fr": "Partenaire expert du hub européen d'innovation numérique WalHub.",
            "en": "Expert partner of the WalHub European Digital Innovation Hub.",
            "nl": "Expertpartner van de Europese digitale innovatiehub WalHub.",
        },
        criteria={
            "fr": "Expertise démontrée en IA, calcul haute performance, cybersécurité ou IoT "
            "auprès d'entreprises manufacturières.",
            "en": "Proven expertise in AI, HPC, cybersecurity or IoT with manufacturers.",
            "nl": "Aangetoonde expertise in AI, HPC, cyberbeveiliging of IoT bij "
            "productiebedrijven.",
        },
    )
    return wallonia, walhub


def _grant(entry: Entry, label: Label, *, days_ago: int, status: str, note: str = "") -> None:
    today = timezone.localdate()
    start = today - timedelta(days=days_ago)
    application = LabelApplication.objects.create(
        label=label,
        entry=entry,
        status=status,
        statement="References and offer as listed on the entry (demo).",
        applied_at=timezone.now() - timedelta(days=days_ago + 20),
        decided_at=None if status == "pending" else timezone.now() - timedelta(days=days_ago),
        valid_from=start if status in {"approved", "withdrawn"} else None,
        valid_until=start + timedelta(days=30 * label.validity_months)
        if status in {"approved", "withdrawn"}
        else None,
        reason=note,
    )
    LabelEvent.objects.create(application=application, action="applied", at=application.applied_at)
    if status != "pending":
        LabelEvent.objects.create(
            application=application,
            action="approved" if status in {"approved", "withdrawn"} else "refused",
            at=application.decided_at or timezone.now(),
            valid_until=application.valid_until,
            note="" if status != "refused" else note,
        )
    if status == "withdrawn":
        LabelEvent.objects.create(application=application, action="withdrawn", note=note)


def _initiative_entries(wallonia: Label) -> int:
    with SEED_FILE.open(encoding="utf-8") as handle:
        seeds = {row["name"]: row for row in json.load(handle)["initiatives"]}
    count = 0
    for initiative in Initiative.objects.exclude(entry__isnull=False).order_by("pk"):
        entry = Entry.objects.create(
            kind=INITIATIVE_KINDS.get(initiative.name, Entry.Kind.PROGRAMME),
            name=initiative.name,
            slug=slugify(initiative.name)[:100],
            organisation=initiative.organisation,
            initiative=initiative,
            summary={"en": initiative.description},
            website=initiative.website,
            languages=["fr", "en"],
        )
        count += 1
        for name in seeds.get(initiative.name, {}).get("labels", []):
            if name == DIGITAL_WALLONIA:
                _grant(entry, wallonia, days_ago=90, status="approved")
            else:
                label, _created = Label.objects.get_or_create(
                    name=name, defaults={"slug": slugify(name), "active": False}
                )
                _grant(entry, label, days_ago=400, status="approved")
    return count


@transaction.atomic
def load_catalogue_demo(*, count: int = 100, seed: int = 20261204) -> CatalogueDemo | None:
    """The demo catalogue (None when it exists, or without the seed's labelling bodies)."""
    if (
        Entry.objects.filter(synthetic=True).exists()
        or Organisation.objects.filter(slug__in=["agence-du-numerique", "mecatech"]).count() != 2
    ):
        return None
    rng = random.Random(seed)
    wallonia, walhub = _labels()
    made = _initiative_entries(wallonia)
    sectors = [
        "digital-technologies",
        "industrial-processes-materials",
        "health-nutrition",
        "sustainable-building-energy",
        "transport-mobility",
    ]
    providers = list(
        Organisation.objects.filter(synthetic=True, country="BE")
        .exclude(kind__in=[Organisation.Kind.CLUSTER, Organisation.Kind.POLE])
        .order_by("-pk")[: max(0, count - made)]
    )
    own_sector = sector_codes_by_organisation(p.pk for p in providers)
    references = [o.display_name for o in Organisation.objects.filter(synthetic=True)[:300]]
    granted = 0
    for position, organisation in enumerate(providers):
        picked = rng.sample(OFFERS, k=rng.randint(1, 3))
        technologies = sorted({tech for tech, *_rest in picked if tech})
        dimensions = sorted({d for _tech, dims, *_rest in picked for d in dims})
        served = sorted(
            {
                own_sector.get(organisation.pk, "digital-technologies"),
                *rng.sample(sectors, k=rng.randint(0, 2)),
            }
        )
        entry = Entry.objects.create(
            kind=Entry.Kind.PROVIDER,
            name=organisation.display_name,
            slug=f"{organisation.slug}-digital"[:120],
            organisation=organisation,
            summary={
                "fr": f"{organisation.display_name} propose : "
                + " ; ".join(o[2] for o in picked)
                + ".",
                "en": f"{organisation.display_name} offers "
                + "; ".join(o[3] for o in picked)
                + ".",
                "nl": f"{organisation.display_name} biedt aan: "
                + "; ".join(o[4] for o in picked)
                + ".",
            },
            offers=[o[3] for o in picked],
            technologies=technologies,
            dimensions=dimensions,
            sectors=served,
            sizes=sorted(rng.sample(["micro", "small", "medium", "large"], k=rng.randint(2, 4))),
            languages=["fr", *rng.sample(["en", "nl", "de"], k=rng.randint(0, 2))],
            references=[
                f"Project with {name}" for name in rng.sample(references, k=min(3, len(references)))
            ],
            website=organisation.website,
            synthetic=True,
        )
        # The first two show the review queue and a refusal; then 40 % are labelled.
        roll = {0: 0.42, 1: 0.46}.get(position, rng.random())
        if roll < 0.4:
            _grant(entry, wallonia, days_ago=rng.randint(10, 600), status="approved")
            granted += 1
        elif roll < 0.45:
            _grant(entry, wallonia, days_ago=5, status="pending")
        elif roll < 0.48:
            _grant(
                entry,
                wallonia,
                days_ago=40,
                status="refused",
                note="Fewer than three references with Walloon SMEs.",
            )
        if technologies and position % 7 == 0:
            status = "withdrawn" if position % 35 == 0 else "approved"
            _grant(
                entry,
                walhub,
                days_ago=rng.randint(10, 300),
                status=status,
                note="No longer meets the criteria (demo)." if status == "withdrawn" else "",
            )
            granted += status == "approved"
    return CatalogueDemo(entries=made + len(providers), labels=2, granted=granted)
