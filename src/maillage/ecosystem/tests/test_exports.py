"""Exports (CSV for Belgian Excel, XLSX), the directory filters they use, the import round trip."""

import datetime
import io

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from maillage.conftest import Cast
from maillage.ecosystem.directory import in_database, matching_ids
from maillage.ecosystem.exports import export_organisations
from maillage.ecosystem.filters import DirectoryFilters
from maillage.ecosystem.imports.columns import CANONICAL_NAMES
from maillage.ecosystem.imports.committing import commit_import
from maillage.ecosystem.imports.planning import Action, preview_import
from maillage.ecosystem.models import Domain, Membership, NaceCode, Organisation
from maillage.ecosystem.tests.factories import (
    ContactFactory,
    DomainFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
)
from maillage.ecosystem.tests.import_helpers import be_number, english, fast_passwords, static_root

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_passwords", "english", "static_root"),
]
__all__ = ["english", "fast_passwords", "static_root"]


@pytest.fixture
def cast(cast: Cast) -> Cast:
    """The standing cast, with a valid Belgian number on Alice's organisation."""
    cast.alice_org.enterprise_number = be_number(1).replace(".", "")
    cast.alice_org.save(update_fields=["enterprise_number"])
    return cast


@pytest.fixture
def rich(db: None) -> Organisation:
    """A cluster member with every exported field filled."""
    axis = DomainFactory(code="manufacturing", label_fr="Industrie", label_en="Manufacturing")
    DomainFactory(code="robotics", label_fr="Robotique", label_en="Robotics", parent=axis)
    DomainFactory(code="agrifood", label_fr="Agroalimentaire", label_en="Agri-food")
    NaceCode.objects.create(code="62.01", label_fr="Programmation", label_en="Programming")
    NaceCode.objects.create(code="28.99", label_fr="Machines", label_en="Machinery")
    organisation = OrganisationFactory(
        name="Société Liégeoise de Robotique SA",
        short_name="SLR",
        slug="slr",
        kind="sme",
        enterprise_number="0403170701",
        address='Rue "du" Pont; 12',
        postcode="4000",
        city="Liège",
        province="WLG",
        website="https://slr.example/fr",
        size_band="small",
        descriptions={"fr": "=Robots; soudure\nligne 2", "en": "-Welding robots", "nl": "Robots"},
    )
    organisation.domains.set(Domain.objects.filter(code__in=["robotics", "agrifood"]))
    organisation.nace_codes.set(NaceCode.objects.all())
    return organisation


def ids(queryset) -> list[int]:  # type: ignore[no-untyped-def]
    return list(queryset.values_list("pk", flat=True))


def csv_text(queryset, **kwargs) -> str:  # type: ignore[no-untyped-def]
    data = b"".join(export_organisations(ids(queryset), "csv", **kwargs))
    assert data.startswith(b"\xef\xbb\xbf")
    return data.decode("utf-8-sig")


def xlsx_rows(data: bytes) -> list[tuple[object, ...]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    # Empty cells are not written, so rows may stop before the last column.
    width = len(CANONICAL_NAMES)
    return [row + (None,) * (width - len(row)) for row in rows]


def test_export_csv_is_bom_semicolon_crlf_with_import_header(rich: Organisation) -> None:
    ContactFactory(organisation=rich, email="private.person@example.org", last_name="Secret")
    text = csv_text(Organisation.objects.filter(pk=rich.pk))
    lines = text.split("\r\n")
    assert lines[0] == ";".join(CANONICAL_NAMES)
    assert lines[1] == (
        'Société Liégeoise de Robotique SA;SLR;sme;0403.170.701;;BE;"Rue ""du"" Pont; 12";4000;'
        "Liège;https://slr.example/fr;small;28.99|62.01;agrifood|robotics;"
        "\"'=Robots; soudure\nligne 2\";'-Welding robots;Robots;;;"
    )
    assert lines[2] == ""
    # Contacts are personal data: never exported.
    assert "private.person" not in text
    assert "Secret" not in text


def test_export_xlsx_cells_are_text(rich: Organisation) -> None:
    data = b"".join(export_organisations(ids(Organisation.objects.filter(pk=rich.pk)), "xlsx"))
    rows = xlsx_rows(data)
    assert rows[0] == CANONICAL_NAMES
    row = dict(zip(CANONICAL_NAMES, rows[1], strict=True))
    assert row["enterprise_number"] == "0403.170.701"
    assert row["postcode"] == "4000"
    assert row["description_fr"] == "=Robots; soudure\nligne 2"  # text, not a formula
    assert row["domains"] == "agrifood|robotics"
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.active["N2"].data_type == "s"
    assert row["vat_number"] is None  # empty cells are left out


def test_export_membership_columns_for_one_network(cast: Cast) -> None:
    Membership.objects.filter(organisation=cast.alice_org).update(
        role="founder", start_date=datetime.date(2019, 9, 15)
    )
    text = csv_text(Organisation.objects.filter(pk=cast.alice_org.pk), network=cast.cluster)
    assert text.split("\r\n")[1].endswith(";founder;2019-09-15")
    text = csv_text(Organisation.objects.filter(pk=cast.alice_org.pk), network=cast.other_cluster)
    assert text.split("\r\n")[1].endswith(";;")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_round_trip_reimports_identically(
    cast: Cast, rich: Organisation, file_format: str
) -> None:
    MembershipFactory(
        organisation=rich, network=cast.cluster, role="board", start_date=datetime.date(2020, 1, 31)
    )
    members = Organisation.objects.filter(memberships__network=cast.cluster).order_by("name")
    data = b"".join(export_organisations(ids(members), file_format, network=cast.cluster))  # type: ignore[arg-type]
    name = f"export.{file_format}"

    # Into the same cluster: every row finds its organisation and changes nothing.
    again = preview_import(network=cast.cluster, data=data, file_name=name)
    assert again.all_errors() == []
    assert [row.action for row in again.rows] == [Action.UNCHANGED] * 3
    assert [row.warnings for row in again.rows] == [[], [], []]

    # Into an empty directory: the same organisations come back.
    def fields(organisation: Organisation) -> tuple[object, ...]:
        link = organisation.memberships.get(network__slug=cast.cluster.slug)
        return (
            organisation.name,
            organisation.short_name,
            organisation.kind,
            organisation.enterprise_number,
            organisation.country,
            organisation.address,
            organisation.postcode,
            organisation.city,
            organisation.province,
            organisation.website,
            organisation.size_band,
            organisation.descriptions,
            sorted(organisation.domains.values_list("code", flat=True)),
            sorted(organisation.nace_codes.values_list("code", flat=True)),
            link.role,
            link.start_date,
        )

    expected = [fields(organisation) for organisation in members]
    Organisation.objects.exclude(pk=cast.cluster.pk).delete()
    Organisation.objects.filter(pk=cast.cluster.pk).update(slug="old-cluster")
    fresh_cluster = NetworkFactory(name="Cluster Alpha", slug=cast.cluster.slug)
    batch = commit_import(network=fresh_cluster, data=data, file_name=name, user=None)
    assert batch.created_count == 3
    imported = Organisation.objects.filter(pk__in=batch.created_ids).order_by("name")
    assert [fields(organisation) for organisation in imported] == expected


@pytest.mark.parametrize(
    ("params", "names"),
    [
        (
            {},
            [
                "Alice Robotics SRL",
                "Bob Logistics SA",
                "Charlie Consulting SPRL",
                "Société Liégeoise de Robotique SA",
            ],
        ),
        ({"q": "LIEGEOISE robot"}, ["Société Liégeoise de Robotique SA"]),
        ({"q": "société liège"}, ["Société Liégeoise de Robotique SA"]),
        ({"q": "nothing-like-this"}, []),
        (
            {"kind": "sme"},
            [
                "Alice Robotics SRL",
                "Bob Logistics SA",
                "Charlie Consulting SPRL",
                "Société Liégeoise de Robotique SA",
            ],
        ),
        ({"kind": "pole"}, []),
        ({"cluster": "cluster-alpha"}, ["Alice Robotics SRL", "Bob Logistics SA"]),
        ({"domain": "robotics"}, ["Société Liégeoise de Robotique SA"]),
        ({"domain": "manufacturing"}, ["Société Liégeoise de Robotique SA"]),
        ({"domain": "unknown"}, []),
        ({"nace": "62"}, ["Société Liégeoise de Robotique SA"]),
        ({"nace": "63"}, []),
        ({"province": "wlg", "size": "small"}, ["Société Liégeoise de Robotique SA"]),
        ({"country": "fr"}, []),
        (
            {"q": "", "kind": ""},
            [
                "Alice Robotics SRL",
                "Bob Logistics SA",
                "Charlie Consulting SPRL",
                "Société Liégeoise de Robotique SA",
            ],
        ),
    ],
)
def test_filter_organisations_parameters(
    cast: Cast, rich: Organisation, params: dict[str, str], names: list[str]
) -> None:
    found = Organisation.objects.filter(pk__in=matching_ids(DirectoryFilters.from_params(params)))
    members = found.exclude(kind__in=Organisation.NETWORK_KINDS).order_by("name")
    assert [org.name for org in members] == names


def test_filter_organisations_repeated_cluster_values(cast: Cast) -> None:
    """Repeated values mean "any of these". Clusters are named by slug only: the export alone
    also took numeric ids, which the page and the API never did; the page's rule now holds."""
    params = QueryDict(f"cluster={cast.other_cluster.slug}&cluster=cluster-alpha")
    found = Organisation.objects.filter(pk__in=matching_ids(DirectoryFilters.from_params(params)))
    assert [org.name for org in found.order_by("name")] == [
        "Alice Robotics SRL",
        "Bob Logistics SA",
        "Charlie Consulting SPRL",
    ]
    by_id = DirectoryFilters.from_params(QueryDict(f"cluster={cast.other_cluster.pk}"))
    assert matching_ids(by_id) == []


def test_export_view_csv_applies_filters(cast: Cast, rich: Organisation) -> None:
    url = reverse("ecosystem:organisation_export_csv")
    response = Client().get(url, {"q": "robot", "kind": "sme"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="organisations-')
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert [line.split(";")[0] for line in text.split("\r\n")[1:] if line[:1].isupper()] == [
        "Alice Robotics SRL",
        "Société Liégeoise de Robotique SA",
    ]


def test_export_view_xlsx_with_cluster(cast: Cast) -> None:
    url = reverse("ecosystem:organisation_export_xlsx")
    response = Client().get(url, {"cluster": cast.cluster.slug})
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    rows = xlsx_rows(b"".join(response.streaming_content))
    assert [row[0] for row in rows[1:]] == ["Alice Robotics SRL", "Bob Logistics SA"]
    assert [row[-2] for row in rows[1:]] == ["member", "member"]


def test_export_view_refuses_post(cast: Cast) -> None:
    assert Client().post(reverse("ecosystem:organisation_export_csv")).status_code == 405


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
@pytest.mark.parametrize("count", [1, 3])
def test_export_view_query_count(
    db: None,
    django_assert_num_queries,
    file_format: str,
    count: int,  # type: ignore[no-untyped-def]
) -> None:
    cluster = NetworkFactory(slug="net")
    for number in range(count):
        organisation = OrganisationFactory(enterprise_number=be_number(number).replace(".", ""))
        organisation.domains.add(DomainFactory())
        MembershipFactory(organisation=organisation, network=cluster)
    url = reverse(f"ecosystem:organisation_export_{file_format}")
    client = Client()
    client.get(url, {"cluster": "net", "kind": "sme"})  # the index built, or the labels cached
    # The directory's four fingerprint queries, (in the database, the matching ids,) the
    # network lookup, organisations, then domains, NACE codes and memberships in one query
    # each.
    with django_assert_num_queries(10 if in_database() else 9):
        response = client.get(url, {"cluster": "net", "kind": "sme"})
        content = b"".join(response.streaming_content)
    assert len(content) > 0
