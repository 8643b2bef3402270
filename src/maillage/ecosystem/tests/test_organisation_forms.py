import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from maillage.accounts.models import Affiliation
from maillage.conftest import Cast
from maillage.ecosystem import services
from maillage.ecosystem.forms import OrganisationForm
from maillage.ecosystem.models import Contact, Membership, Organisation
from maillage.ecosystem.tests.factories import (
    ContactFactory,
    DomainFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> object:
    """Messages are asserted in English, the language of the source."""
    with translation.override("en"):
        yield


VALID_NUMBER = "0403.170.701"


def form_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Alice Robotics SRL",
        "short_name": "Alice",
        "kind": "sme",
        "enterprise_number": VALID_NUMBER,
        "vat_number": "",
        "country": "BE",
        "address": "Rue de la Science 1",
        "postcode": "4000",
        "city": "Liège",
        "website": "https://alice.example.org",
        "size_band": "small",
        "description_fr": "Robots collaboratifs.",
        "description_en": "Collaborative robots.",
        "description_nl": "",
        "description_de": "",
    }
    data.update(overrides)
    return data


def edit_url(organisation: Organisation) -> str:
    return reverse("ecosystem:organisation_edit", args=[organisation.slug])


def test_organisation_edit_owner_saves_and_derives_province(client: Client, cast: Cast) -> None:
    domain = DomainFactory(code="robotics")
    client.force_login(cast.alice)
    response = client.post(
        edit_url(cast.alice_org), form_data(postcode="5000", city="Namur", domains=[domain.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/{cast.alice_org.slug}/"
    cast.alice_org.refresh_from_db()
    assert cast.alice_org.enterprise_number == "0403170701"
    assert cast.alice_org.province == "WNA"
    assert cast.alice_org.descriptions == {
        "fr": "Robots collaboratifs.",
        "en": "Collaborative robots.",
    }
    assert list(cast.alice_org.domains.values_list("code", flat=True)) == ["robotics"]
    assert "collaborative robots" in cast.alice_org.search_text


def test_organisation_edit_form_shows_formatted_number(client: Client, cast: Cast) -> None:
    cast.alice_org.enterprise_number = "0403170701"
    cast.alice_org.save()
    client.force_login(cast.alice)
    response = client.get(edit_url(cast.alice_org))
    assert response.status_code == 200
    assert 'value="0403.170.701"' in response.content.decode()


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_organisation_edit_member_and_outsider_forbidden(
    client: Client, cast: Cast, who: str
) -> None:
    client.force_login(getattr(cast, who))
    before = Organisation.objects.get(pk=cast.alice_org.pk).name
    assert client.get(edit_url(cast.alice_org)).status_code == 403
    response = client.post(edit_url(cast.alice_org), form_data(name="Hijacked"))
    assert response.status_code == 403
    assert Organisation.objects.get(pk=cast.alice_org.pk).name == before


def test_organisation_edit_anonymous_redirects_to_login(client: Client, cast: Cast) -> None:
    url = edit_url(cast.alice_org)
    response = client.post(url, form_data(name="Hijacked"))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"
    assert Organisation.objects.get(pk=cast.alice_org.pk).name == "Alice Robotics SRL"


def test_organisation_edit_manager_of_cluster_allowed(client: Client, cast: Cast, manager) -> None:
    client.force_login(manager)
    assert client.get(edit_url(cast.bob_org)).status_code == 200
    assert client.get(edit_url(cast.charlie_org)).status_code == 403


def test_organisation_edit_unknown_slug_404(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    assert client.get("/organisations/nowhere/edit/").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "enterprise_number",
            "0403.170.702",
            "The check digits of 0403.170.702 are wrong (expected 01).",
        ),
        ("enterprise_number", "0403.170.70", "An enterprise number has 10 digits; 9 were given."),
        (
            "enterprise_number",
            "0403.170.7011",
            "An enterprise number has 10 digits; 11 were given.",
        ),
        ("enterprise_number", "abc", "An enterprise number has 10 digits; none were given."),
        ("enterprise_number", "2403.170.701", "An enterprise number starts with 0 or 1."),
        ("postcode", "400", "A Belgian postcode has four digits, e.g. 4000."),
        ("postcode", "0999", "A Belgian postcode has four digits, e.g. 4000."),
        ("postcode", "ABCDEFGHIJKLMNOP", "A Belgian postcode has four digits, e.g. 4000."),
        (
            "description_fr",
            "x" * 10_001,
            "The description in French has 10001 characters; shorten it to 10000 at most.",
        ),
        ("website", "not a url", "Enter a valid web address, e.g. https://example.be."),
        ("country", "ZZ", "Select a valid choice. ZZ is not one of the available choices."),
        (
            "vat_number",
            "FR123",
            "Belgian organisations are identified by their enterprise number, not a VAT number.",
        ),
        ("name", "", "This field is required."),
        (
            "kind",
            "spaceship",
            "Select a valid choice. spaceship is not one of the available choices.",
        ),
    ],
)
def test_organisation_form_rejects_bad_input(
    cast: Cast, field: str, value: str, message: str
) -> None:
    with translation.override("en"):
        form = OrganisationForm(
            form_data(**{field: value}), instance=cast.alice_org, actor=cast.alice
        )
        assert form.is_valid() is False
        assert form.errors[field] == [message]


def test_organisation_form_duplicate_enterprise_number(cast: Cast) -> None:
    cast.bob_org.enterprise_number = "0403170701"
    cast.bob_org.save()
    form = OrganisationForm(form_data(), instance=cast.alice_org, actor=cast.alice)
    assert form.is_valid() is False
    assert form.errors["enterprise_number"] == [
        "The enterprise number 0403.170.701 is already used by Bob Logistics SA."
    ]


def test_organisation_edit_bad_input_writes_nothing(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = client.post(
        edit_url(cast.alice_org),
        form_data(name="Renamed", enterprise_number="0403.170.702"),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    assert "The check digits of 0403.170.702 are wrong (expected 01)." in response.content.decode()
    cast.alice_org.refresh_from_db()
    assert cast.alice_org.name == "Alice Robotics SRL"


def test_organisation_form_foreign_vat_must_match_country(cast: Cast) -> None:
    data = form_data(country="FR", postcode="59000", city="Lille", enterprise_number="")
    form = OrganisationForm({**data, "vat_number": "DE123456789"}, instance=cast.alice_org)
    assert form.is_valid() is False
    assert form.errors["vat_number"] == ["A VAT number of this country starts with FR."]
    form = OrganisationForm({**data, "vat_number": "fr 123.456.789.01"}, instance=cast.alice_org)
    assert form.is_valid() is True, form.errors
    saved = services.update_organisation(
        actor=cast.alice, organisation=cast.alice_org, data=form.service_data()
    )
    assert saved.vat_number == "FR12345678901"


def test_organisation_form_postcode_country_consistency(cast: Cast) -> None:
    form = OrganisationForm(
        form_data(country="FR", postcode="4000", enterprise_number=""), instance=cast.alice_org
    )
    assert form.is_valid() is False
    assert form.errors["postcode"] == ["A French postcode has five digits, e.g. 59000."]


def test_organisation_form_foreign_organisation_has_no_province(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    client.post(
        edit_url(cast.alice_org),
        form_data(
            country="FR",
            postcode="59000",
            city="Lille",
            enterprise_number="",
            vat_number="FR12345678901",
        ),
    )
    cast.alice_org.refresh_from_db()
    assert (cast.alice_org.country, cast.alice_org.province) == ("FR", "")


def test_organisation_create_manager_joins_own_cluster(client: Client, cast: Cast, manager) -> None:
    client.force_login(manager)
    url = reverse("ecosystem:organisation_create")
    response = client.post(
        url, form_data(name="Nouvelle Société SA", short_name="", network=cast.cluster.pk)
    )
    assert response.status_code == 302
    created = Organisation.objects.get(name="Nouvelle Société SA")
    assert created.slug == "nouvelle-societe-sa"
    assert list(
        Membership.objects.filter(organisation=created).values_list("network_id", flat=True)
    ) == [cast.cluster.pk]


def test_organisation_create_manager_must_choose_own_cluster(
    client: Client, cast: Cast, manager
) -> None:
    client.force_login(manager)
    response = client.post(
        reverse("ecosystem:organisation_create"),
        form_data(name="Elsewhere SA", network=cast.other_cluster.pk),
    )
    assert response.status_code == 400
    assert not Organisation.objects.filter(name="Elsewhere SA").exists()


def test_organisation_create_slug_is_unique(client: Client, cast: Cast) -> None:
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    OrganisationFactory(name="Twin SA")
    client.post(reverse("ecosystem:organisation_create"), form_data(name="Twin SA", short_name=""))
    assert (
        Organisation.objects.get(name="Twin SA", enterprise_number="0403170701").slug == "twin-sa-2"
    )


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_organisation_create_forbidden_without_role(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    response = client.post(reverse("ecosystem:organisation_create"), form_data(name="Sneaky SA"))
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Sneaky SA").exists()


def test_organisation_create_anonymous_redirects(client: Client, db: None) -> None:
    response = client.get(reverse("ecosystem:organisation_create"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/organisations/new/"


CONTACT = {
    "first_name": "Zoé",
    "last_name": "Lambert",
    "job_title": "CEO",
    "email": "zoe@example.org",
    "phone": "+32 4 222 33 44",
    "public_consent": "on",
}


def test_contact_create_owner(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    url = reverse("ecosystem:contact_create", args=[cast.alice_org.slug])
    response = client.post(url, CONTACT)
    assert response.status_code == 302
    contact = Contact.objects.get(organisation=cast.alice_org)
    assert (contact.first_name, contact.public_consent) == ("Zoé", True)


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_contact_create_member_and_outsider_forbidden(client: Client, cast: Cast, who: str) -> None:
    client.force_login(getattr(cast, who))
    url = reverse("ecosystem:contact_create", args=[cast.alice_org.slug])
    assert client.post(url, CONTACT).status_code == 403
    assert Contact.objects.count() == 0


def test_contact_create_anonymous_redirects(client: Client, cast: Cast) -> None:
    url = reverse("ecosystem:contact_create", args=[cast.alice_org.slug])
    response = client.post(url, CONTACT)
    assert response.status_code == 302
    assert Contact.objects.count() == 0


@pytest.mark.parametrize(("who", "status"), [("alice", 302), ("bob", 403), ("charlie", 403)])
def test_contact_edit_by_role(client: Client, cast: Cast, who: str, status: int) -> None:
    contact = ContactFactory(organisation=cast.alice_org, first_name="Old", public_consent=False)
    client.force_login(getattr(cast, who))
    url = reverse("ecosystem:contact_edit", args=[cast.alice_org.slug, contact.pk])
    assert client.post(url, {**CONTACT, "first_name": "New"}).status_code == status
    contact.refresh_from_db()
    assert contact.first_name == ("New" if status == 302 else "Old")


def test_contact_edit_other_organisations_contact_404(client: Client, cast: Cast) -> None:
    contact = ContactFactory(organisation=cast.charlie_org)
    client.force_login(cast.alice)
    url = reverse("ecosystem:contact_edit", args=[cast.alice_org.slug, contact.pk])
    assert client.post(url, CONTACT).status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("phone", "call me", "Write the phone number with digits, e.g. +32 4 123 45 67."),
        ("last_name", "", "This field is required."),
    ],
)
def test_contact_form_rejects_bad_input(
    client: Client, cast: Cast, field: str, value: str, message: str
) -> None:
    client.force_login(cast.alice)
    url = reverse("ecosystem:contact_create", args=[cast.alice_org.slug])
    response = client.post(url, {**CONTACT, field: value}, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert Contact.objects.count() == 0


def test_my_organisations_lists_affiliations_and_editable(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 200
    assert [a.organisation.name for a in response.context["affiliations"]] == ["Alice Robotics SRL"]
    assert [o.name for o in response.context["editable"]] == ["Alice Robotics SRL"]
    client.force_login(cast.bob)
    response = client.get(reverse("accounts:me"))
    assert [a.role for a in response.context["affiliations"]] == [Affiliation.Role.MEMBER]
    assert list(response.context["editable"]) == []


def test_my_organisations_manager_edits_cluster_members(
    client: Client, cast: Cast, manager
) -> None:
    client.force_login(manager)
    response = client.get(reverse("accounts:me"))
    assert [o.name for o in response.context["editable"]] == [
        "Alice Robotics SRL",
        "Bob Logistics SA",
        "Cluster Alpha",
    ]


def test_my_organisations_anonymous_redirects(client: Client, db: None) -> None:
    response = client.get(reverse("accounts:me"))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/me/"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0403.170.702", "Les chiffres de contrôle de 0403.170.702 sont erronés (attendu : 01)."),
        ("0403.170.70", "Un numéro d’entreprise a 10 chiffres ; 9 ont été donnés."),
        ("2403.170.701", "Un numéro d’entreprise commence par 0 ou 1."),
    ],
)
def test_organisation_form_identifier_errors_in_french(
    cast: Cast, value: str, message: str
) -> None:
    with translation.override("fr"):
        form = OrganisationForm(form_data(enterprise_number=value), instance=cast.alice_org)
        assert form.is_valid() is False
        assert form.errors["enterprise_number"] == [message]


def test_organisation_form_rejects_malformed_vat(cast: Cast) -> None:
    data = form_data(country="FR", postcode="59000", enterprise_number="", vat_number="12345")
    form = OrganisationForm(data, instance=cast.alice_org)
    assert form.is_valid() is False
    assert form.errors["vat_number"] == [
        "A VAT number starts with its two-letter country code, e.g. FR12345678901."
    ]


def test_my_organisations_query_count_constant(
    client: Client, db: None, django_assert_num_queries
) -> None:
    user = UserFactory()
    client.force_login(user)
    Affiliation.objects.create(user=user, organisation=OrganisationFactory(), role="representative")
    with django_assert_num_queries(8):
        client.get(reverse("accounts:me"))
    for _ in range(2):
        Affiliation.objects.create(
            user=user, organisation=OrganisationFactory(), role="representative"
        )
    with django_assert_num_queries(8):
        response = client.get(reverse("accounts:me"))
    assert len(response.context["affiliations"]) == 3
    assert len(response.context["editable"]) == 3


def test_organisation_form_names_every_problem_in_one_pass(cast: Cast) -> None:
    """A form error (a bad choice) no longer hides the shared cleaners' errors until a second
    submission."""
    data = form_data(
        kind="spaceship",
        postcode="ABCDEFGHIJKLMNOP",
        website="not a url",
        description_en="y" * 10_001,
        name="",
    )
    form = OrganisationForm(data, instance=cast.alice_org, actor=cast.alice)
    assert form.is_valid() is False
    assert form.errors == {
        "name": ["This field is required."],
        "kind": ["Select a valid choice. spaceship is not one of the available choices."],
        "postcode": ["A Belgian postcode has four digits, e.g. 4000."],
        "website": ["Enter a valid web address, e.g. https://example.be."],
        "description_en": [
            "The description in English has 10001 characters; shorten it to 10000 at most."
        ],
    }


def test_organisation_edit_page_keeps_what_was_typed(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    long_text = "Des robots. " * 900
    response = client.post(
        edit_url(cast.alice_org),
        form_data(postcode="ABCDEFGHIJKLMNOP", description_fr=long_text),
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="ABCDEFGHIJKLMNOP"' in html
    assert f"{long_text}</textarea>" in html
    cast.alice_org.refresh_from_db()
    assert cast.alice_org.postcode != "ABCDEFGHIJKLMNOP"


@pytest.mark.parametrize(
    ("country", "postcode", "valid"),
    [("BE", "1000", True), ("BE", "9999", True), ("BE", "0999", False), ("FR", "75001", True)],
)
def test_organisation_form_postcode_follows_the_country(
    cast: Cast, country: str, postcode: str, valid: bool
) -> None:
    form = OrganisationForm(
        form_data(country=country, postcode=postcode, enterprise_number=""),
        instance=cast.alice_org,
        actor=cast.alice,
    )
    assert ("postcode" not in form.errors) is valid
