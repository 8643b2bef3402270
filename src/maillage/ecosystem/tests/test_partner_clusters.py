"""The seed's foreign partner clusters enter the directory, and demo organisations of their
country get one of them as their cluster of origin."""

import pytest

from maillage.ecosystem.models import Organisation, ProjectPartner
from maillage.ecosystem.partner_clusters import load_partner_clusters
from maillage.ecosystem.seed import load_seed_data
from maillage.ecosystem.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_load_partner_clusters_puts_the_seed_partners_in_the_directory() -> None:
    load_seed_data()
    french = OrganisationFactory(name="Lyon Usinage SAS", country="FR", synthetic=True)
    real = OrganisationFactory(name="Vraie SAS", country="FR", synthetic=False)
    german = OrganisationFactory(name="Berlin GmbH", country="DE", synthetic=True)

    summary = load_partner_clusters()

    foreign = Organisation.objects.exclude(country="BE").filter(kind__in=Organisation.NETWORK_KINDS)
    assert sorted(foreign.values_list("slug", "kind", "country")) == [
        ("cluj-it-cluster", "cluster", "RO"),
        ("clust-er-mech", "cluster", "IT"),
        ("green-tech-latvia", "cluster", "LV"),
        ("mesap", "cluster", "IT"),
        ("metal-processing-cluster", "cluster", "PL"),
        ("pole-cimes", "pole", "FR"),
        ("pole-scs", "pole", "FR"),
        ("pool-net", "cluster", "PT"),
    ]
    assert (summary.clusters, summary.linked) == (8, 1)
    cimes = Organisation.objects.get(slug="pole-cimes")
    assert cimes.descriptions["en"] == (
        "Cluster abroad, MecaTech's partner in the European project(s) GEMSTONE."
    )
    assert cimes.descriptions["nl"] == (
        "Buitenlandse cluster, partner van MecaTech in het/de Europese project(en) GEMSTONE."
    )
    partner = ProjectPartner.objects.get(project__acronym="GEMSTONE", name="Pôle CIMES")
    assert partner.organisation == cimes
    # G.A.C. Group is a consultancy: it stays a named partner outside the directory.
    assert ProjectPartner.objects.get(name="G.A.C. Group").organisation is None
    french.refresh_from_db()
    real.refresh_from_db()
    german.refresh_from_db()
    assert french.origin_cluster == cimes
    assert (real.origin_cluster, german.origin_cluster) == (None, None)


def test_load_partner_clusters_twice_changes_nothing() -> None:
    load_seed_data()
    OrganisationFactory(name="Lyon Usinage SAS", country="FR", synthetic=True)
    load_partner_clusters()
    before = list(Organisation.objects.order_by("pk").values_list("pk", "origin_cluster_id"))
    summary = load_partner_clusters()
    assert summary.linked == 0
    assert list(Organisation.objects.order_by("pk").values_list("pk", "origin_cluster_id")) == (
        before
    )
