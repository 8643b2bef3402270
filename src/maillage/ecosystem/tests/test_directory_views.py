import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from maillage.conftest import Cast
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.queries import MEMBERS_PER_PAGE
from maillage.ecosystem.tests.factories import (
    ContactFactory,
    DomainFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = "/organisations/"


def names_in(response) -> list[str]:
    return [organisation.name for organisation in response.context["page_obj"]]


def test_organisation_list_shows_every_organisation_by_name(client: Client, cast: Cast) -> None:
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert names_in(response) == [
        "Alice Robotics SRL",
        "Bob Logistics SA",
        "Charlie Consulting SPRL",
        "Cluster Alpha",
        "Cluster Omega",
    ]


def test_organisation_list_search_is_accent_insensitive(client: Client, db: None) -> None:
    OrganisationFactory(name="Société Générale d'Ingénierie", descriptions={"fr": "Études"})
    OrganisationFactory(name="Other SRL", descriptions={"en": "Engineering studies"})
    assert names_in(client.get(LIST_URL, {"q": "SOCIETE ingenierie"})) == [
        "Société Générale d'Ingénierie"
    ]
    assert names_in(client.get(LIST_URL, {"q": "études"})) == ["Société Générale d'Ingénierie"]


def test_organisation_list_search_every_word_must_match(client: Client, db: None) -> None:
    OrganisationFactory(name="Robotique Liège", city="Liège")
    OrganisationFactory(name="Robotique Namur", city="Namur")
    assert names_in(client.get(LIST_URL, {"q": "robotique liege"})) == ["Robotique Liège"]


def test_organisation_list_search_matches_domain_labels_in_both_languages(
    client: Client, db: None
) -> None:
    domain = DomainFactory(
        code="additive", label_fr="Fabrication additive", label_en="Additive manufacturing"
    )
    printer = OrganisationFactory(name="Printer SA", descriptions={})
    printer.domains.add(domain)
    OrganisationFactory(name="Unrelated SA", descriptions={})
    assert names_in(client.get(LIST_URL, {"q": "fabrication additive"})) == ["Printer SA"]
    assert names_in(client.get(LIST_URL, {"q": "manufacturing"})) == ["Printer SA"]


def test_organisation_list_filters_combine(client: Client, cast: Cast) -> None:
    OrganisationFactory(name="Namur Startup", kind="startup", postcode="5000", province="WNA")
    OrganisationFactory(name="Liège Startup", kind="startup")
    assert names_in(client.get(LIST_URL, {"kind": "startup", "province": "WNA"})) == [
        "Namur Startup"
    ]
    assert names_in(client.get(LIST_URL, {"network": cast.cluster.slug})) == [
        "Alice Robotics SRL",
        "Bob Logistics SA",
    ]


def test_organisation_list_domain_axis_matches_sub_domains(client: Client, db: None) -> None:
    axis = DomainFactory(code="health", label_fr="Santé", label_en="Health")
    child = DomainFactory(
        code="biotech", label_fr="Biotechnologies", label_en="Biotech", parent=axis
    )
    organisation = OrganisationFactory(name="Bio SA")
    organisation.domains.add(child)
    OrganisationFactory(name="Other SA")
    assert names_in(client.get(LIST_URL, {"domain": "health"})) == ["Bio SA"]
    assert names_in(client.get(LIST_URL, {"domain": "biotech"})) == ["Bio SA"]


def test_organisation_list_facets_count_other_filters(client: Client, cast: Cast) -> None:
    OrganisationFactory(name="Namur Startup", kind="startup", postcode="5000", province="WNA")
    response = client.get(LIST_URL, {"kind": "startup"})
    facets = {facet.name: facet for facet in response.context["directory"].facets}
    kinds = {option.value: option.count for option in facets["kind"].options}
    # The kind facet ignores the kind filter, so the other kinds stay reachable.
    assert kinds == {"sme": 3, "startup": 1, "cluster": 2}
    provinces = [
        (option.value, option.label, option.count) for option in facets["province"].options
    ]
    assert provinces == [("WNA", "Namur", 1)]


def test_organisation_list_provinces_walloon_first(client: Client, db: None) -> None:
    OrganisationFactory(name="A", postcode="1000", province="BRU")
    OrganisationFactory(name="B", postcode="7000", province="WHT")
    OrganisationFactory(name="C", postcode="1300", province="WBR")
    response = client.get(LIST_URL)
    facet = next(f for f in response.context["directory"].facets if f.name == "province")
    assert [option.label for option in facet.options] == [
        "Brabant wallon",
        "Hainaut",
        "Région de Bruxelles-Capitale",
    ]


def test_organisation_list_paginates_25_per_page(client: Client, db: None) -> None:
    OrganisationFactory.create_batch(30)
    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})
    assert len(first.context["page_obj"]) == 25
    assert len(second.context["page_obj"]) == 5
    assert 'rel="next"' in first.content.decode()


def test_organisation_list_htmx_request_gets_the_partial(client: Client, cast: Cast) -> None:
    response = client.get(LIST_URL, {"q": "alice"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="directory"')
    assert "<html" not in html
    assert "Alice Robotics SRL" in html
    assert "HX-Request" in response["Vary"]


def test_organisation_list_full_page_without_htmx(client: Client, cast: Cast) -> None:
    html = client.get(LIST_URL, {"q": "alice"}).content.decode()
    assert "<html" in html
    assert 'hx-get="/organisations/"' in html
    assert 'hx-push-url="true"' in html
    assert 'id="directory"' in html


def test_organisation_list_flags_synthetic_organisations(client: Client, db: None) -> None:
    OrganisationFactory(name="Generated SA", synthetic=True)
    html = client.get(LIST_URL, headers={"Accept-Language": "en"}).content.decode()
    assert "synthetic/demo data" in html


@pytest.mark.parametrize("in_database", [False, True])
def test_organisation_list_query_count_constant(
    client: Client, db: None, django_assert_num_queries, settings: Any, in_database: bool
) -> None:
    settings.DIRECTORY_IN_DATABASE = in_database
    cluster = NetworkFactory(name="Cluster Count")
    domain = DomainFactory()

    def add(name: str) -> None:
        organisation = OrganisationFactory(name=name)
        organisation.domains.add(domain)
        MembershipFactory(organisation=organisation, network=cluster)

    # After a change: 4 fingerprint queries, then 6 to rebuild the index and 1 for the page's
    # rows; in the database, 3 for the labels, 1 for the search's ids, 4 for the counts, 1 for
    # the page's ids, 1 for its rows and 2 for its cards. Unchanged: 4 + 1, or 4 + 1 + 2 (the
    # rest cached).
    changed, unchanged = (16, 7) if in_database else (11, 5)
    add("Row 1")
    with django_assert_num_queries(changed):
        assert client.get(LIST_URL, {"q": "row"}).status_code == 200
    with django_assert_num_queries(unchanged):
        assert client.get(LIST_URL, {"q": "row"}).status_code == 200
    add("Row 2")
    add("Row 3")
    with django_assert_num_queries(changed):
        response = client.get(LIST_URL, {"q": "row"})
    assert names_in(response) == ["Row 1", "Row 2", "Row 3"]
    with django_assert_num_queries(unchanged):
        assert client.get(LIST_URL, {"q": "row"}).status_code == 200


def test_organisation_detail_shows_identity(client: Client, cast: Cast) -> None:
    response = client.get(reverse("ecosystem:organisation_detail", args=[cast.alice_org.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "0020.000.001" not in html  # stored digits are formatted
    assert cast.alice_org.enterprise_number_display in html
    assert "Alpha" in html


def test_organisation_detail_unknown_slug_404(client: Client, db: None) -> None:
    assert client.get("/organisations/nowhere/").status_code == 404


def test_organisation_detail_network_lists_members_with_counts(client: Client, cast: Cast) -> None:
    OrganisationFactory(name="Uni", kind="university")
    MembershipFactory(organisation=Organisation.objects.get(name="Uni"), network=cast.cluster)
    response = client.get(reverse("ecosystem:organisation_detail", args=[cast.cluster.slug]))
    page = response.context["page"]
    assert [m.organisation.name for m in page.members] == [
        "Alice Robotics SRL",
        "Bob Logistics SA",
        "Uni",
    ]
    assert [(c.kind, c.count) for c in page.member_counts] == [("sme", 2), ("university", 1)]


def test_organisation_detail_cluster_query_count_constant(
    client: Client, db: None, django_assert_num_queries
) -> None:
    cluster = NetworkFactory(name="Cluster Q")
    url = reverse("ecosystem:organisation_detail", args=[cluster.slug])
    MembershipFactory(network=cluster)
    # Ten for the page, one for the labels its catalogue entries hold (catalogue).
    with django_assert_num_queries(11):
        client.get(url)
    MembershipFactory(network=cluster)
    MembershipFactory(network=cluster)
    with django_assert_num_queries(11):
        response = client.get(url)
    assert len(response.context["page"].members) == 3


def test_organisation_detail_cluster_members_paginated(client: Client, db: None) -> None:
    cluster = NetworkFactory(name="Cluster P")
    for number in range(MEMBERS_PER_PAGE + 1):
        MembershipFactory(network=cluster, organisation__name=f"Member {number:03d}")
    url = reverse("ecosystem:organisation_detail", args=[cluster.slug])
    first = client.get(url).context["page"]
    last = client.get(url, {"members_page": "2"}).context["page"]
    beyond = client.get(url, {"members_page": "nine"}).context["page"]
    assert len(first.members) == MEMBERS_PER_PAGE
    assert [link.organisation.name for link in last.members] == [f"Member {MEMBERS_PER_PAGE:03d}"]
    assert first.member_pages.paginator.count == MEMBERS_PER_PAGE + 1
    assert beyond.member_pages.number == 1


def test_organisation_detail_cluster_lists_current_members(client: Client, db: None) -> None:
    cluster = NetworkFactory(name="Cluster C")
    MembershipFactory(network=cluster, organisation__name="Stays SA")
    MembershipFactory(network=cluster, organisation__name="Left SA", end_date=dt.date(2021, 6, 30))
    url = reverse("ecosystem:organisation_detail", args=[cluster.slug])
    page = client.get(url).context["page"]
    assert [link.organisation.name for link in page.members] == ["Stays SA"]
    listed = client.get(reverse("ecosystem:organisation_list"), {"network": cluster.slug})
    assert [organisation.name for organisation in listed.context["page_obj"]] == ["Stays SA"]


def test_organisation_detail_contacts_by_viewer(client: Client, cast: Cast) -> None:
    ContactFactory(
        organisation=cast.alice_org, first_name="Public", last_name="Person", public_consent=True
    )
    ContactFactory(
        organisation=cast.alice_org, first_name="Private", last_name="Person", public_consent=False
    )
    url = reverse("ecosystem:organisation_detail", args=[cast.alice_org.slug])

    def shown(user) -> list[str]:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url, headers={"Accept-Language": "en"})
        return [contact.first_name for contact in response.context["page"].contacts]

    assert shown(cast.alice) == ["Private", "Public"] or shown(cast.alice) == ["Public", "Private"]
    assert sorted(shown(cast.bob)) == ["Private", "Public"]
    assert shown(cast.charlie) == ["Public"]
    assert shown(None) == ["Public"]
    client.logout()
    html = client.get(url, headers={"Accept-Language": "en"}).content.decode()
    assert "1 more contact is visible to members only." in html
    assert "Log in to see more." in html


@pytest.mark.parametrize(
    ("who", "shown"), [("alice", True), ("bob", False), ("charlie", False), (None, False)]
)
def test_organisation_detail_edit_link_only_for_editors(
    client: Client, cast: Cast, who: str | None, shown: bool
) -> None:
    if who:
        client.force_login(getattr(cast, who))
    html = client.get(
        reverse("ecosystem:organisation_detail", args=[cast.alice_org.slug])
    ).content.decode()
    assert (reverse("ecosystem:organisation_edit", args=[cast.alice_org.slug]) in html) is shown


def test_organisation_detail_current_language_description_first(client: Client, db: None) -> None:
    organisation = OrganisationFactory(
        name="Trilingue SA", descriptions={"fr": "Bonjour.", "en": "Hello.", "nl": "Hallo."}
    )
    url = reverse("ecosystem:organisation_detail", args=[organisation.slug])
    french = client.get(url).context["page"].descriptions
    english = client.get(url, headers={"Accept-Language": "en"}).context["page"].descriptions
    assert [d.language for d in french] == ["fr", "en", "nl"]
    assert [d.language for d in english] == ["en", "fr", "nl"]


def test_organisation_edit_forbidden_page_explains(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    response = client.get(
        reverse("ecosystem:organisation_edit", args=[cast.alice_org.slug]),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 403
    assert "You may not do this" in response.content.decode()
