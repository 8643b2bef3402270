"""Consortium builder: start from a call, partners proposed by the engine, invitations that only
the invited organisation's representatives answer."""

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client

from maillage.accounts.models import Affiliation, User
from maillage.calls.jobs import execute_proposal_run
from maillage.calls.models import Call, Consortium, Partner, PartnerProposalRun, WantedPartner
from maillage.calls.services.consortia import answer_invitation, invite_partner, start_consortium
from maillage.calls.tests.factories import CallFactory
from maillage.conftest import Cast
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import (
    AffiliationFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _embeddings_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.DATA_DIR = tmp_path


@pytest.fixture
def call() -> Call:
    return CallFactory(
        title="Digital twins for flexible manufacturing",
        summary="Digital twins of production lines, validated by manufacturers.",
        topics=["digital twin", "simulation", "manufacturing"],
        deadlines=[60],
    )


@pytest.fixture
def consortium(cast: Cast, call: Call) -> Consortium:
    return start_consortium(
        actor=cast.alice,
        call=call,
        lead=cast.alice_org,
        name="TWIN-LINES",
        wanted=(("end_user", "BE"), ("research", "DE")),
    )


@pytest.fixture
def bob_representative(cast: Cast) -> User:
    """A representative of ``bob_org`` (bob himself is only a member of it)."""
    user = UserFactory(email="rita@bob.example", full_name="Rita Rep")
    AffiliationFactory(user=user, organisation=cast.bob_org, role=Affiliation.Role.REPRESENTATIVE)
    return user


@pytest.fixture
def invitation(
    cast: Cast,
    consortium: Consortium,
    bob_representative: User,
    django_capture_on_commit_callbacks: Any,
) -> Partner:
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail leaves on commit
        return invite_partner(
            actor=cast.alice,
            consortium=consortium,
            organisation=cast.bob_org,
            role="end_user",
            wanted=consortium.wanted.get(role="end_user"),
            message="Join us as the end user.",
        )


def test_representative_starts_a_consortium_from_the_call_page(
    client: Client, cast: Cast, call: Call
) -> None:
    client.force_login(cast.alice)
    page = client.get(f"/calls/{call.slug}/", headers={"Accept-Language": "en"})
    assert "Start a consortium" in page.text
    response = client.post(
        f"/calls/{call.slug}/consortia/new/",
        {
            "name": "TWIN-LINES",
            "lead": cast.alice_org.pk,
            "description": "Twins of packaging lines.",
            "wanted_role_1": "research",
            "wanted_country_1": "de",
            "wanted_role_2": "end_user",
            "wanted_country_2": "FR",
        },
    )
    consortium = Consortium.objects.get()
    assert response["Location"] == f"/calls/consortia/{consortium.pk}/"
    assert (consortium.lead, consortium.call, consortium.created_by) == (
        cast.alice_org,
        call,
        cast.alice,
    )
    assert list(consortium.wanted.values_list("role", "country")) == [
        ("research", "DE"),
        ("end_user", "FR"),
    ]
    assert list(consortium.partners.values_list("organisation", "status")) == [
        (cast.alice_org.pk, "lead")
    ]


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_only_representatives_start_a_consortium(
    client: Client, cast: Cast, call: Call, who: str
) -> None:
    client.force_login(getattr(cast, who))
    if who == "charlie":  # charlie represents charlie_org: he may lead it, not alice_org
        response = client.post(
            f"/calls/{call.slug}/consortia/new/", {"name": "X", "lead": cast.alice_org.pk}
        )
        assert response.status_code == 422
    else:  # bob is only a member of his organisation
        assert client.get(f"/calls/{call.slug}/consortia/new/").status_code == 403
    assert not Consortium.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"name": " "}, "name", "Name the consortium"),
        ({"wanted": (("pirate", ""),)}, "role", "Choose the role the partner will play."),
        ({"wanted": (("research", "XX"),)}, "country", "XX is not a country code"),
    ],
)
def test_start_consortium_refuses_bad_input(
    *, cast: Cast, call: Call, english: None, kwargs: dict[str, Any], field: str, message: str
) -> None:
    arguments: dict[str, Any] = {"name": "OK", **kwargs}
    with pytest.raises(ValidationFailed) as refused:
        start_consortium(actor=cast.alice, call=call, lead=cast.alice_org, **arguments)
    assert message in " ".join(refused.value.errors[field])
    assert not Consortium.objects.exists()


def test_start_consortium_refuses_a_closed_call(cast: Cast, english: None) -> None:
    closed = CallFactory(deadlines=[-1])
    with pytest.raises(ValidationFailed) as refused:
        start_consortium(actor=cast.alice, call=closed, lead=cast.alice_org, name="LATE")
    assert refused.value.messages == ["This call is closed."]


@pytest.mark.parametrize(
    ("who", "status"), [("alice", 200), ("bob", 404), ("charlie", 404), (None, 302)]
)
def test_consortium_page_is_for_its_partners(
    client: Client, cast: Cast, consortium: Consortium, who: str | None, status: int
) -> None:
    if who:
        client.force_login(getattr(cast, who))
    assert client.get(f"/calls/consortia/{consortium.pk}/").status_code == status


def test_invited_organisation_sees_the_consortium(
    client: Client, cast: Cast, invitation: Partner, bob_representative: User
) -> None:
    for user in (cast.bob, bob_representative):
        client.force_login(user)
        assert client.get(f"/calls/consortia/{invitation.consortium_id}/").status_code == 200
    # Only representatives are e-mailed, in their language (French by default).
    assert [m.to for m in mail.outbox] == [["rita@bob.example"]]
    assert mail.outbox[0].subject == (
        "Alice Robotics SRL invite Bob Logistics SA dans le consortium TWIN-LINES"
    )
    assert f"/calls/consortia/{invitation.consortium_id}/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("alice", False), ("bob", False), ("charlie", False), ("admin", False), ("rita", True)],
)
def test_only_the_invited_organisations_representatives_accept(
    *,
    client: Client,
    cast: Cast,
    invitation: Partner,
    bob_representative: User,
    who: str,
    allowed: bool,
) -> None:
    users = {
        "rita": bob_representative,
        "admin": User.objects.create_superuser("root@example.org", "x"),
    }
    client.force_login(users.get(who) or getattr(cast, who))
    url = f"/calls/consortia/{invitation.consortium_id}/invitations/{invitation.pk}/accept/"
    response = client.post(url)
    invitation.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert (invitation.status, invitation.answered_by) == ("accepted", bob_representative)
    else:
        assert response.status_code == 403
        assert invitation.status == "invited"


@pytest.mark.parametrize("who", ["alice", "bob", "charlie", "rita"])
def test_api_accept_follows_the_same_rule(
    client: Client, cast: Cast, invitation: Partner, bob_representative: User, who: str
) -> None:
    client.force_login(bob_representative if who == "rita" else getattr(cast, who))
    response = client.post(
        f"/api/v1/calls/consortia/{invitation.consortium_id}/invitations/{invitation.pk}/accept"
    )
    assert response.status_code == (200 if who == "rita" else 403)
    invitation.refresh_from_db()
    assert invitation.status == ("accepted" if who == "rita" else "invited")


def test_decline_then_no_second_answer(
    cast: Cast, invitation: Partner, bob_representative: User, english: None
) -> None:
    answer_invitation(actor=bob_representative, partner=invitation, accept=False)
    with pytest.raises(ValidationFailed) as refused:
        answer_invitation(actor=bob_representative, partner=invitation, accept=True)
    assert refused.value.messages == ["This invitation was already answered (declined)."]


def test_consortium_page_shows_its_state(
    client: Client, cast: Cast, invitation: Partner, bob_representative: User
) -> None:
    answer_invitation(actor=bob_representative, partner=invitation, accept=True)
    client.force_login(cast.alice)
    page = client.get(
        f"/calls/consortia/{invitation.consortium_id}/", headers={"Accept-Language": "en"}
    )
    state = page.context["state"]
    assert (state.accepted, state.invited, state.declined, state.missing) == (1, 0, 0, 1)
    assert not state.complete
    assert "filled by Bob Logistics SA" in page.text
    assert "1 wanted partner missing" in page.text


def test_lead_invites_only_what_the_role_allows(
    cast: Cast, consortium: Consortium, english: None
) -> None:
    cluster_as_end_user = cast.cluster
    with pytest.raises(ValidationFailed) as refused:
        invite_partner(
            actor=cast.alice,
            consortium=consortium,
            organisation=cluster_as_end_user,
            role="end_user",
        )
    assert refused.value.errors["organisation"] == ["Alpha (cluster) cannot be the end user."]
    with pytest.raises(ValidationFailed) as twice:
        invite_partner(
            actor=cast.alice, consortium=consortium, organisation=cast.alice_org, role="sme"
        )
    assert twice.value.errors["organisation"] == [
        "Alice Robotics SRL is already in the consortium (lead)."
    ]


@pytest.mark.parametrize("who", ["bob", "charlie"])
def test_only_the_lead_invites(cast: Cast, consortium: Consortium, who: str) -> None:
    with pytest.raises(PermissionDenied):
        invite_partner(
            actor=getattr(cast, who),
            consortium=consortium,
            organisation=cast.charlie_org,
            role="sme",
        )
    assert consortium.partners.count() == 1


def test_invite_from_the_page_with_an_unknown_organisation(
    client: Client, cast: Cast, consortium: Consortium
) -> None:
    client.force_login(cast.alice)
    response = client.post(
        f"/calls/consortia/{consortium.pk}/invite/",
        {"organisation": "no-such-organisation", "role": "sme"},
        headers={"Accept-Language": "en"},
        follow=True,
    )
    assert "No organisation of the directory has this address." in response.text
    assert consortium.partners.count() == 1


def test_engine_proposes_partners_of_the_wanted_role_and_country(
    client: Client, cast: Cast, consortium: Consortium, english: None
) -> None:
    german_lab = OrganisationFactory(
        name="Fraunhofer-like Twin Lab",
        kind=Organisation.Kind.RESEARCH_CENTRE,
        country="DE",
        descriptions={"en": "Research on digital twins and simulation of manufacturing lines."},
    )
    OrganisationFactory(
        name="Bakery Research",
        kind=Organisation.Kind.RESEARCH_CENTRE,
        country="DE",
        descriptions={"en": "Research on sourdough bread and pastry recipes."},
    )
    OrganisationFactory(  # right topic, wrong country
        name="Lyon Twin Lab",
        kind=Organisation.Kind.RESEARCH_CENTRE,
        country="FR",
        descriptions={"en": "Research on digital twins of manufacturing lines."},
    )
    belgian_maker = OrganisationFactory(
        name="Packaging Lines SA",
        kind=Organisation.Kind.SME,
        country="BE",
        descriptions={"en": "Manufacturer of packaging lines that needs simulation of its plants."},
    )
    MembershipFactory(organisation=belgian_maker, network=cast.cluster)
    client.force_login(cast.alice)
    client.get(f"/calls/consortia/{consortium.pk}/")
    run = PartnerProposalRun.objects.get()
    execute_proposal_run(run.pk)
    page = client.get(f"/calls/consortia/{consortium.pk}/", headers={"Accept-Language": "en"})
    proposals = page.context["proposals"]
    research = consortium.wanted.get(role="research")
    end_user = consortium.wanted.get(role="end_user")
    assert [p["organisation"].name for p in proposals[research.pk]] == [
        german_lab.name,
        "Bakery Research",
    ]
    assert (
        "Fills the wanted role (research centre or university) in DE"
        in proposals[research.pk][0]["reasons"]
    )
    end_users = [p["organisation"] for p in proposals[end_user.pk]]
    assert end_users[0] == belgian_maker
    assert all(o.country == "BE" for o in end_users)
    assert cast.alice_org not in end_users  # the lead is never proposed to itself
    assert "Member of Alpha, like the lead organisation" in proposals[end_user.pk][0]["reasons"]
    assert f"Invite {german_lab.name}" in page.text


def test_proposals_are_for_the_lead_only(
    client: Client, cast: Cast, invitation: Partner, bob_representative: User
) -> None:
    client.force_login(bob_representative)
    client.get(f"/calls/consortia/{invitation.consortium_id}/")
    assert not PartnerProposalRun.objects.exists()


def test_wanted_partners_are_managed_by_the_lead(
    client: Client, cast: Cast, consortium: Consortium
) -> None:
    url = f"/calls/consortia/{consortium.pk}/wanted/"
    client.force_login(cast.alice)
    client.post(url, {"role": "large_company", "country": "nl"})
    assert consortium.wanted.filter(role="large_company", country="NL").exists()
    client.post(url, {"role": "large_company", "country": "Netherlands"})
    assert consortium.wanted.count() == 3
    wanted = WantedPartner.objects.get(role="large_company")
    client.post(f"/calls/consortia/{consortium.pk}/wanted/{wanted.pk}/remove/")
    assert consortium.wanted.count() == 2
    client.force_login(cast.bob)
    assert client.post(url, {"role": "sme"}).status_code == 404  # bob's org is not in it
