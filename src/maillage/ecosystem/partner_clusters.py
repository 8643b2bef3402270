"""Foreign partner clusters in the directory: the clusters and poles abroad that MecaTech works
with in its European projects (the seed's GEMSTONE and DREAM partners), and, for the demo,
foreign organisations that come from them (their cluster of origin).

The clusters' names, countries and projects come from the seed data; their kinds (a French
"pôle de compétitivité" is a pole, the others call themselves clusters) from their names. The
seed's other outside partner, G.A.C. Group, is a consultancy, not a cluster, and stays a named
project partner. ``load_partner_clusters`` creates what is missing and links the project
partners to the directory; running it again changes nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from maillage.ecosystem.models import Organisation, ProjectPartner
from maillage.ecosystem.seed import seed_data

#: Seed partner names that are clusters or poles, with their kind.
PARTNER_CLUSTER_KINDS: dict[str, str] = {
    "Pôle CIMES": Organisation.Kind.POLE,
    "Clust-ER MECH": Organisation.Kind.CLUSTER,
    "Metal Processing Cluster": Organisation.Kind.CLUSTER,
    "Green Tech Latvia": Organisation.Kind.CLUSTER,
    "POOL-Net": Organisation.Kind.CLUSTER,
    "Pôle SCS": Organisation.Kind.POLE,
    "CLUJ IT Cluster": Organisation.Kind.CLUSTER,
    "MESAP": Organisation.Kind.CLUSTER,
}


@dataclass(frozen=True)
class PartnerClusterSummary:
    clusters: int
    #: Demo organisations given a cluster of origin.
    linked: int


def _seed_partner_clusters() -> dict[str, tuple[str, str, list[str]]]:
    """name -> (kind, country, acronyms of the seed projects it is a partner of)."""
    found: dict[str, tuple[str, str, list[str]]] = {}
    for project in seed_data()["projects"]:
        for partner in project["partners"]:
            kind = PARTNER_CLUSTER_KINDS.get(partner.get("name", ""))
            if kind is None or not partner.get("country"):
                continue
            _kind, _country, projects = found.setdefault(
                partner["name"], (kind, partner["country"], [])
            )
            projects.append(project["acronym"])
    return found


def _description(projects: list[str]) -> dict[str, str]:
    names = ", ".join(projects)
    return {
        "en": f"Cluster abroad, MecaTech's partner in the European project(s) {names}.",
        "fr": f"Cluster étranger, partenaire de MecaTech dans le(s) projet(s) européen(s) {names}.",
        "nl": f"Buitenlandse cluster, partner van MecaTech in het/de Europese project(en) {names}.",
    }


@transaction.atomic
def load_partner_clusters(*, demo_members: bool = True) -> PartnerClusterSummary:
    """Put the seed's foreign partner clusters in the directory (found by slug, created when
    absent) and link the seed's project partners of that name to them. With ``demo_members``,
    synthetic organisations of a partner cluster's country that have no cluster of origin get
    one, in turn among that country's partner clusters (demo data, like them)."""
    clusters: dict[str, list[Organisation]] = {}
    for name, (kind, country, projects) in _seed_partner_clusters().items():
        cluster, _created = Organisation.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "kind": kind,
                "country": country,
                "descriptions": _description(projects),
            },
        )
        ProjectPartner.objects.filter(name=name, organisation=None).update(organisation=cluster)
        clusters.setdefault(country, []).append(cluster)
    linked = 0
    if demo_members:
        for country, in_country in clusters.items():
            orphans = Organisation.objects.filter(
                synthetic=True, country=country, origin_cluster=None
            ).exclude(kind__in=Organisation.NETWORK_KINDS)
            for number, organisation in enumerate(orphans.order_by("pk")):
                organisation.origin_cluster = in_country[number % len(in_country)]
                organisation.save(update_fields=["origin_cluster", "updated_at"])
                linked += 1
    return PartnerClusterSummary(clusters=sum(map(len, clusters.values())), linked=linked)
