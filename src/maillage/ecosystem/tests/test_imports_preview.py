"""The dry run: header checks, per-row errors with spreadsheet row numbers, and planned actions."""

from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from maillage.conftest import Cast
from maillage.ecosystem.imports.planning import Action, name_key, preview_import
from maillage.ecosystem.imports.validation import map_headers
from maillage.ecosystem.models import Membership, NaceCode, Organisation
from maillage.ecosystem.tests.factories import (
    DomainFactory,
    MembershipFactory,
    OrganisationFactory,
)
from maillage.ecosystem.tests.import_helpers import (
    be_number,
    cast,
    csv_bytes,
    english,
    fast_passwords,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords", "english")]
__all__ = ["cast", "english", "fast_passwords"]


ACCEPTED = (
    "name, short_name, kind, enterprise_number, vat_number, country, address, postcode, city, "
    "website, size, nace, domains, description_fr, description_en, description_nl, "
    "description_de, membership_role, member_since"
)


@pytest.fixture
def vocabulary(db: None) -> None:
    DomainFactory(code="robotics", label_fr="Robotique", label_en="Robotics")
    DomainFactory(code="agrifood", label_fr="Agroalimentaire", label_en="Agri-food")
    NaceCode.objects.create(code="62.01", label_fr="Programmation", label_en="Programming")


def preview(cast: Cast, rows: list[list[str]], network: Organisation | None = None):  # type: ignore[no-untyped-def]
    return preview_import(
        network=network or cast.cluster, data=csv_bytes(rows), file_name="membres.csv"
    )


def test_map_headers_accepts_french_english_accents_and_case() -> None:
    headers = ["NOM", "Numéro d'entreprise", "Code_Postal", "LOCALITÉ", "Site Web", "BCE "]
    header = map_headers(headers[:5], [])
    assert header.errors == []
    assert header.positions == {
        0: "name",
        1: "enterprise_number",
        2: "postcode",
        3: "city",
        4: "website",
    }


@pytest.mark.parametrize(
    "header", ["N° d'entreprise", "n° TVA", "KBO", "numero_bce", "Ondernemingsnummer", "BCE"]
)
def test_map_headers_enterprise_number_spellings(header: str) -> None:
    assert map_headers(["nom", header], []).positions == {0: "name", 1: "enterprise_number"}


def test_preview_unknown_columns_listed_with_accepted_names(cast: Cast) -> None:
    count = Organisation.objects.count()
    result = preview(cast, [["nom", "Couleur", "téléphone"], ["Acme", "bleu", "04"]])
    assert result.file_errors == [
        f'Unknown columns: "Couleur", "téléphone". Accepted column names: {ACCEPTED}.'
    ]
    assert result.rows == []
    assert result.ok is False
    assert Organisation.objects.count() == count


def test_preview_missing_name_column(cast: Cast) -> None:
    result = preview(cast, [["ville", "pays"], ["Liège", "BE"]])
    assert result.file_errors == ['The required column "name" (or "nom") is missing.']


def test_preview_file_without_header(cast: Cast) -> None:
    result = preview(cast, [["Acme SA", "0403.170.701", "Liège"], ["Beta", "", "Namur"]])
    assert result.file_errors == [
        "The first row must be a header naming the columns (for example name, "
        "enterprise_number, city); none of its cells is a known column name."
    ]


def test_preview_two_columns_for_one_field(cast: Cast) -> None:
    result = preview(cast, [["nom", "raison sociale"], ["A", "B"]])
    assert result.file_errors == [
        'The columns "nom" and "raison sociale" both give name; keep only one.'
    ]


def test_preview_values_under_an_empty_header(cast: Cast) -> None:
    result = preview(cast, [["nom", "", "ville"], ["A", "oops", "Liège"]])
    assert result.file_errors == ["Column 2 has values but no header."]


def test_preview_read_error_becomes_file_error(cast: Cast) -> None:
    result = preview_import(network=cast.cluster, data=b"", file_name="m.csv")
    assert result.file_errors == ["The file is empty."]


def test_preview_lists_every_row_error_with_row_numbers(cast: Cast, vocabulary: None) -> None:
    count = Organisation.objects.count()
    rows = [
        ["nom", "BCE", "type", "domaines", "pays", "site web", "code NACE", "taille"],
        [
            "Good One",
            "0403.170.701",
            "PME",
            "Robotique | Agri-food",
            "be",
            "www.good.be",
            "6201",
            "petite",
        ],
        ["Bad Number", "0403.170.702", "", "", "", "", "", ""],
        ["Short Number", "12345", "", "", "", "", "", ""],
        ["Unknown Domain", "", "", "robotics, quantum", "", "", "", ""],
        ["Unknown Kind", "", "spaceship", "", "", "", "", ""],
        ["", "", "PME", "", "", "", "", ""],
        ["Bad Country", "", "", "", "Belgium", "", "", ""],
        ["Bad Url", "", "", "", "", "http://exa mple", "", ""],
        ["Number Twin", "BE 0403 170 701", "", "", "", "", "", ""],
        ["good one s.a.", "", "", "", "", "", "", ""],
        ["Unknown Nace", "", "", "", "", "", "99.99", "huge"],
    ]
    result = preview(cast, rows)
    assert result.file_errors == []
    # Each value is refused with the message the forms and the API give for that field (one
    # cleaner per field); the website's is theirs, the country's the importer's, which names it.
    assert result.all_errors() == [
        "Row 3: enterprise_number: The check digits of 0403.170.702 are wrong (expected 01).",
        "Row 4: enterprise_number: An enterprise number has 10 digits; 5 were given.",
        'Row 5: domains: Unknown domain: "quantum".',
        'Row 6: kind: Unknown kind "spaceship". Accepted kinds: sme, large_company, startup, '
        "research_centre, university, haute_ecole, cluster, pole, public_body, investor, other.",
        "Row 7: name: The name is missing.",
        'Row 8: country: Unknown country code "Belgium": use the two-letter ISO 3166-1 code, '
        "such as BE, FR, NL, DE or LU.",
        "Row 9: website: Enter a valid web address, e.g. https://example.be.",
        "Row 10: enterprise_number: Duplicate: row 2 has the same number.",
        "Row 11: name: Duplicate: row 2 has the same name.",
        'Row 12: nace: Unknown NACE code: "99.99".',
        'Row 12: size: Unknown size "huge". Accepted sizes: micro, small, medium, large.',
    ]
    good = result.rows[0]
    assert (good.number, good.errors, good.action) == (2, [], Action.CREATE)
    assert good.clean.kind == "sme"
    assert good.clean.country == "BE"
    assert good.clean.website == "https://www.good.be"
    assert good.clean.size_band == "small"
    assert len(good.clean.domain_ids) == 2
    assert len(good.clean.nace_ids) == 1
    assert result.ok is False
    assert Organisation.objects.count() == count


def test_preview_row_longer_than_header(cast: Cast) -> None:
    result = preview(cast, [["nom", "ville"], ["A", "Liège", "extra"]])
    assert result.all_errors() == ["Row 2: This row has more values than the header has columns."]


def test_preview_actions_create_update_membership_unchanged(cast: Cast) -> None:
    alice_number = be_number(1)
    rows = [
        ["name", "enterprise_number", "city", "website", "kind"],
        ["Brand New SRL", "", "Mons", "", "startup"],
        # Alice's organisation, by number, under another name: the website is empty -> update.
        ["Alice Robotics (new name)", alice_number, "Liège", "https://alice.example", ""],
        # Bob's organisation by name without its legal form; nothing to fill.
        ["BOB LOGISTICS", "", "Liège", "", ""],
    ]
    result = preview(cast, rows, network=cast.other_cluster)
    assert result.ok is True
    assert [(row.number, row.action) for row in result.rows] == [
        (2, Action.CREATE),
        (3, Action.UPDATE),
        (4, Action.MEMBERSHIP),
    ]
    update = result.rows[1]
    assert (update.organisation_id, update.matched_by) == (cast.alice_org.pk, "enterprise_number")
    assert update.changes == ["website"]
    assert update.adds_membership is True
    bob = result.rows[2]
    assert (bob.organisation_id, bob.matched_by) == (cast.bob_org.pk, "name")
    assert result.counts == {"create": 1, "update": 1, "membership": 1, "unchanged": 0}
    assert [str(issue) for issue in result.rows[0].warnings] == []

    # Already members of cast.cluster, nothing new: unchanged.
    again = preview(cast, [["nom"], ["Bob Logistics S.A."]])
    assert again.rows[0].action == Action.UNCHANGED


def test_preview_conflicting_values_are_warnings_and_kept(cast: Cast) -> None:
    rows = [["nom", "ville", "type", "pays"], ["Bob Logistics SA", "Namur", "université", "FR"]]
    result = preview(cast, rows)
    assert result.ok is True
    assert result.rows[0].action == Action.UNCHANGED
    assert [str(issue) for issue in result.rows[0].warnings] == [
        'kind: The file says "university" but the directory has "sme"; '
        "the directory's value is kept.",
        'country: The file says "FR" but the directory has "BE"; the directory\'s value is kept.',
        'city: The file says "Namur" but the directory has "Liège"; '
        "the directory's value is kept.",
    ]


def test_preview_new_row_without_kind_warns(cast: Cast) -> None:
    result = preview(cast, [["nom"], ["Nouvelle ASBL"]])
    assert [str(issue) for issue in result.rows[0].warnings] == [
        'kind: No kind given: it will be created as "other".'
    ]


def test_preview_number_match_wins_over_name(cast: Cast) -> None:
    rows = [["nom", "BCE"], ["Bob Logistics", be_number(1)]]
    result = preview(cast, rows)
    assert (result.rows[0].organisation_id, result.rows[0].matched_by) == (
        cast.alice_org.pk,
        "enterprise_number",
    )


def test_preview_same_name_other_number_creates_with_warning(cast: Cast) -> None:
    # Alice's organisation has a number: a same-named row with another number is someone else.
    rows = [["nom", "BCE"], ["Alice Robotics", be_number(2)]]
    result = preview(cast, rows)
    assert result.rows[0].action == Action.CREATE
    assert [str(issue) for issue in result.rows[0].warnings] == [
        "name: An organisation with this name but another number is already in the directory; "
        "a new one will be created.",
        'kind: No kind given: it will be created as "other".',
    ]


def test_preview_ambiguous_name_is_an_error(cast: Cast) -> None:
    OrganisationFactory(name="Twin SA", slug="twin-sa")
    OrganisationFactory(name="Twin SPRL", slug="twin-sprl")
    result = preview(cast, [["nom"], ["Twin"]])
    assert result.all_errors() == [
        "Row 2: name: 2 organisations in the directory have this name: add the enterprise "
        "number to say which one."
    ]


def test_preview_two_rows_for_one_directory_organisation(cast: Cast) -> None:
    rows = [["nom", "BCE"], ["Alice Robotics", ""], ["Alice R.", be_number(1)]]
    result = preview(cast, rows)
    assert result.all_errors() == [
        "Row 3: Duplicate: row 2 is the same organisation (Alice Robotics SRL)."
    ]


def test_preview_network_itself_is_an_error(cast: Cast) -> None:
    result = preview(cast, [["nom", "type"], ["Cluster Alpha", "cluster"]])
    assert result.all_errors() == ["Row 2: This row is the importing cluster or pole itself."]


def test_preview_membership_role_and_date_conflicts(cast: Cast) -> None:
    Membership.objects.filter(organisation=cast.bob_org).update(role="board")
    rows = [["nom", "rôle", "membre depuis"], ["Bob Logistics", "partenaire", "15/09/2019"]]
    result = preview(cast, rows)
    row = result.rows[0]
    assert row.action == Action.UPDATE
    assert row.changes == ["member_since"]
    assert row.fills_member_since is True
    assert [str(issue) for issue in row.warnings] == [
        'membership_role: The file says "partner" but the directory has "board"; '
        "the directory's value is kept."
    ]


def test_preview_foreign_vat_in_the_enterprise_number_column(cast: Cast) -> None:
    other = OrganisationFactory(name="Société Française", country="FR", vat_number="FR40303265045")
    MembershipFactory(organisation=other, network=cast.other_cluster)
    rows = [["nom", "TVA"], ["Autre nom", "fr 40 303 265 045"], ["Nieuw BV", "NL 1"]]
    result = preview(cast, rows)
    assert (result.rows[0].organisation_id, result.rows[0].matched_by) == (other.pk, "vat_number")
    assert result.all_errors() == [
        "Row 3: enterprise_number: A VAT number starts with its two-letter country code, "
        "e.g. FR12345678901."
    ]


def test_preview_bad_dates_and_roles(cast: Cast) -> None:
    rows = [["nom", "role", "since"], ["A", "chef", "31/02/2020"], ["B", "membre", "2019"]]
    result = preview(cast, rows)
    assert result.all_errors() == [
        'Row 2: membership_role: Unknown membership role "chef". Accepted roles: member, '
        "founder, board, partner.",
        'Row 2: member_since: Unknown date "31/02/2020": write it as YYYY-MM-DD, DD/MM/YYYY '
        "or a year.",
    ]
    assert str(result.rows[1].clean.member_since) == "2019-01-01"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Alice Robotics SRL", "alice robotics"),
        ("ALICE ROBOTICS S.R.L.", "alice robotics"),
        ("Société Générale SA", "societe generale"),
        ("Van Dijk BVBA", "van dijk"),
        ("Müller GmbH", "muller"),
        ("SA", "sa"),
        ("Les Amis ASBL SA", "les amis"),
        ("SA Industrie", "sa industrie"),
    ],
)
def test_name_key_folds_and_drops_legal_forms(name: str, key: str) -> None:
    assert name_key(name) == key


def test_preview_applies_the_forms_rules_across_fields(cast: Cast) -> None:
    """A postcode that is not of its country's shape, or a VAT number on a Belgian organisation,
    is refused as the organisation form and the API refuse it (``validation``)."""
    rows = [
        ["name", "postcode", "country", "vat_number"],
        ["Postcode Letters SA", "ABCDEFG", "", ""],
        ["French Postcode SAS", "7500", "FR", ""],
        ["Belgian With Vat SA", "", "BE", "FR40303265045"],
        ["French Vat SAS", "75001", "", "FR72552081317"],
    ]
    result = preview(cast, rows)
    assert result.all_errors() == [
        "Row 2: postcode: A Belgian postcode has four digits, e.g. 4000.",
        "Row 3: postcode: A French postcode has five digits, e.g. 59000.",
        "Row 4: vat_number: Belgian organisations are identified by their enterprise number, "
        "not a VAT number.",
    ]
    # A foreign VAT number without a country column names the country.
    assert result.rows[3].clean.country == "FR"


def test_preview_refuses_a_description_longer_than_the_forms_allow(cast: Cast) -> None:
    result = preview(cast, [["name", "description_fr"], ["Bavarde SA", "x" * 10_001]])
    assert result.all_errors() == [
        "Row 2: description_fr: The description in French has 10001 characters; shorten it to"
        " 10000 at most."
    ]


def test_the_preview_page_reads_in_the_reader_s_language(cast: Cast) -> None:
    rows = [["name", "enterprise_number", "website"], ["Alice", be_number(1), "https://a.example"]]
    result = preview(cast, rows, network=cast.other_cluster)
    with translation.override("nl"):
        page = render_to_string(
            "ecosystem/import_preview.html",
            {
                "preview": result,
                "network": cast.other_cluster,
                "job": SimpleNamespace(file_name="a"),
            },
        )
    assert f"Komt overeen met {cast.alice_org} via het ondernemingsnummer." in page
    assert "Vult aan: website (website)" in page
    assert "enterprise_number" not in page
    assert "<td>bijwerken</td>" in page


def test_the_outcome_of_an_import_adding_one_membership_says_membership(cast: Cast) -> None:
    counts = {"created_count": 0, "updated_count": 0, "unchanged_count": 2, "membership_count": 1}
    job = SimpleNamespace(finished=True, status="done", batch=SimpleNamespace(**counts))
    page = render_to_string("ecosystem/import_job.html", {"job": job, "network": cast.cluster})
    assert "Imported: 0 created, 0 updated, 1 membership added, 2 unchanged." in page
