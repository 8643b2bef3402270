"""Requests to join an organisation: they grant nothing until someone who may edit the
organisation approves; the claimant, another company's representative and a visitor cannot."""

import pytest
from django.core import mail
from django.test import Client

from maillage.accounts.models import Affiliation, AffiliationClaim, User
from maillage.audit.models import AuditEvent
from maillage.conftest import Cast
from maillage.ecosystem.claims import claim_approvers, claim_organisation
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.privacy.export import personal_data_of
from maillage.privacy.services import delete_account

pytestmark = pytest.mark.django_db


@pytest.fixture
def nora(db: None) -> User:
    return UserFactory(email="nora@newco.example", full_name="Nora Newcomer")


def _to_decide(client: Client) -> str:
    """The "waiting for your answer" section of the claims page."""
    html = client.get("/claims/").content.decode()
    return html.split('id="to-decide"', 1)[1].split('id="own"', 1)[0]


def _ask(client: Client, user: User, slug: str, **data: str) -> object:
    client.force_login(user)
    return client.post(f"/organisations/{slug}/join/", {"role": "member", **data})


def test_a_claim_waits_and_tells_the_representative_and_the_cluster_managers(
    client: Client, cast: Cast, manager: User, nora: User
) -> None:
    response = _ask(client, nora, cast.alice_org.slug, message="Sales engineer since May")
    assert response.status_code == 302
    claim = AffiliationClaim.objects.get()
    assert claim.status == AffiliationClaim.Status.PENDING
    assert not Affiliation.objects.filter(user=nora).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "manager@example.org"]
    assert "Sales engineer since May" in mail.outbox[0].body


@pytest.mark.parametrize("approver", ["alice", "manager"])
def test_the_representative_or_a_cluster_manager_approves(
    client: Client, cast: Cast, manager: User, nora: User, approver: str
) -> None:
    _ask(client, nora, cast.alice_org.slug, role="representative")
    claim = AffiliationClaim.objects.get()
    mail.outbox.clear()
    client.force_login(manager if approver == "manager" else cast.alice)
    assert "Nora Newcomer" in _to_decide(client)

    response = client.post(f"/claims/{claim.pk}/answer/", {"answer": "approve"})

    assert response.status_code == 302
    assert Affiliation.objects.filter(
        user=nora, organisation=cast.alice_org, role=Affiliation.Role.REPRESENTATIVE
    ).exists()
    claim.refresh_from_db()
    assert claim.status == AffiliationClaim.Status.APPROVED
    assert AuditEvent.objects.filter(action="affiliation.claim_approved").count() == 1
    [message] = mail.outbox
    assert message.to == ["nora@newco.example"]


@pytest.mark.parametrize("who", ["nora", "charlie", "bob"])
def test_the_claimant_an_outsider_and_a_plain_member_cannot_answer(
    client: Client, cast: Cast, nora: User, who: str
) -> None:
    _ask(client, nora, cast.alice_org.slug)
    claim = AffiliationClaim.objects.get()
    client.force_login(nora if who == "nora" else getattr(cast, who))
    assert "Nora Newcomer" not in _to_decide(client)

    response = client.post(f"/claims/{claim.pk}/answer/", {"answer": "approve"})

    assert response.status_code == 403
    assert "Alice Robotics SRL" in response.content.decode()
    assert not Affiliation.objects.filter(user=nora).exists()
    assert AffiliationClaim.objects.get().status == AffiliationClaim.Status.PENDING


def test_a_declined_claim_grants_nothing_and_cannot_be_answered_twice(
    client: Client, cast: Cast, nora: User
) -> None:
    _ask(client, nora, cast.alice_org.slug)
    claim = AffiliationClaim.objects.get()
    client.force_login(cast.alice)
    client.post(f"/claims/{claim.pk}/answer/", {"answer": "decline"})
    again = client.post(f"/claims/{claim.pk}/answer/", {"answer": "approve"}, follow=True)
    assert "Il a déjà été répondu à cette demande." in again.content.decode()
    assert not Affiliation.objects.filter(user=nora).exists()
    assert AffiliationClaim.objects.get().status == AffiliationClaim.Status.DECLINED


ODD_CLAIMS = {
    "a cluster": ("cluster", {}, "désignent eux-mêmes leurs gestionnaires"),
    "as manager": ("alice_org", {"role": "manager"}, "Sélectionnez un choix valide"),
    "a long message": ("alice_org", {"message": "x" * 501}, "500"),
}


@pytest.mark.parametrize("case", ODD_CLAIMS.values(), ids=ODD_CLAIMS.keys())
def test_odd_claims_are_refused_with_the_reason_and_keep_the_text(
    client: Client, cast: Cast, nora: User, case: tuple[str, dict[str, str], str]
) -> None:
    target, data, refusal = case
    response = _ask(client, nora, getattr(cast, target).slug, **data)
    assert response.status_code == 400
    html = response.content.decode()
    assert refusal in html
    assert data.get("message", "") in html
    assert not AffiliationClaim.objects.exists()


def test_a_second_claim_while_one_waits_and_a_claim_by_a_member_are_refused(
    client: Client, cast: Cast, nora: User
) -> None:
    _ask(client, nora, cast.alice_org.slug)
    assert "déjà en attente" in _ask(client, nora, cast.alice_org.slug).content.decode()
    member = _ask(client, cast.bob, cast.bob_org.slug)
    assert "Vous faites déjà partie" in member.content.decode()
    assert AffiliationClaim.objects.count() == 1


def test_a_visitor_is_sent_to_log_in(client: Client, cast: Cast) -> None:
    response = client.get(f"/organisations/{cast.alice_org.slug}/join/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_organisation_with_nobody_to_approve_goes_to_the_platform_admins(
    cast: Cast, nora: User
) -> None:
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    lonely = OrganisationFactory(name="Lonely SA")
    assert claim_approvers(lonely) == [admin]
    claim_organisation(user=nora, organisation=lonely, role="member")
    assert [m.to for m in mail.outbox] == [["admin@example.org"]]


def test_the_organisation_page_offers_to_join_only_to_those_who_cannot_edit_it(
    client: Client, cast: Cast, nora: User
) -> None:
    page = f"/organisations/{cast.alice_org.slug}/"
    assert 'id="join-organisation"' not in client.get(page).content.decode()
    client.force_login(nora)
    assert 'id="join-organisation"' in client.get(page).content.decode()
    client.force_login(cast.alice)
    assert 'id="join-organisation"' not in client.get(page).content.decode()


def test_claims_are_in_the_personal_data_export_and_go_with_the_account(
    cast: Cast, nora: User
) -> None:
    claim_organisation(user=nora, organisation=cast.alice_org, role="member", message="Hello")
    [exported] = personal_data_of(nora)["requests_to_join"]
    assert exported["organisation__name"] == "Alice Robotics SRL"
    assert exported["message"] == "Hello"
    delete_account(user=nora)
    assert not AffiliationClaim.objects.exists()
