"""The collaboration graph the platform maintains: ties on write, and who may see which."""

import datetime as dt
from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.conftest import Cast
from maillage.ecosystem.models import Organisation, Project, ProjectPartner
from maillage.ecosystem.tests.factories import OrganisationFactory, UserFactory
from maillage.events.models import (
    Challenge,
    Idea,
    IdeaMember,
    MeetingRequest,
    Registration,
    Workshop,
)
from maillage.events.services.suggestions import suggestions_for
from maillage.events.tests.b2b_fixtures import B2B, make_b2b
from maillage.events.tests.factories import EventFactory, RegistrationFactory
from maillage.matching.models import Tie
from maillage.matching.queries import collaboration_view
from maillage.matching.ties import rebuild_ties, sync_source_ties

pytestmark = pytest.mark.django_db


def _project(name: str, *organisations: Organisation) -> Project:
    project = Project.objects.create(
        name=name, kind=Project.Kind.COLLABORATIVE, start_date=dt.date(2025, 3, 1)
    )
    for organisation in organisations:
        ProjectPartner.objects.create(project=project, organisation=organisation)
    return project


def _pairs(**filters: object) -> set[tuple[int, int, str, bool]]:
    return set(
        Tie.objects.filter(**filters).values_list("first_id", "second_id", "kind", "private")
    )


def test_project_partners_are_public_ties_kept_in_step(cast: Cast) -> None:
    project = _project("Smart Factory", cast.alice_org, cast.bob_org)
    ProjectPartner.objects.create(project=project, name="Outside Lab", country="FR")
    a, b = sorted([cast.alice_org.pk, cast.bob_org.pk])
    assert _pairs() == {(a, b, "project", False)}
    tie = Tie.objects.get()
    assert (tie.label, tie.date, tie.weight) == ("Smart Factory", dt.date(2025, 3, 1), 1.0)
    partner = ProjectPartner.objects.create(project=project, organisation=cast.charlie_org)
    assert Tie.objects.count() == 3
    partner.delete()
    assert Tie.objects.count() == 1
    project.delete()
    assert Tie.objects.count() == 0


def test_accepted_held_meetings_are_private_ties(cast: Cast) -> None:
    b2b = make_b2b(cast)
    request = MeetingRequest.objects.create(
        event=b2b.event,
        requester=b2b.alice_reg,
        recipient=b2b.bob_reg,
        expires_at=timezone.now() + dt.timedelta(days=3),
    )
    assert not Tie.objects.exists()  # pending
    request.status = MeetingRequest.Status.ACCEPTED
    request.save()
    a, b = sorted([cast.alice_org.pk, cast.bob_org.pk])
    assert _pairs() == {(a, b, "meeting", True)}
    b2b.bob_reg.no_show = True
    b2b.bob_reg.save(update_fields=["no_show"])
    assert not Tie.objects.exists()  # not held
    b2b.bob_reg.no_show = False
    b2b.bob_reg.save(update_fields=["no_show"])
    assert Tie.objects.count() == 1
    request.status = MeetingRequest.Status.CANCELLED
    request.save()
    assert not Tie.objects.exists()


def test_brainstorming_team_members_are_private_ties(cast: Cast) -> None:
    b2b = make_b2b(cast)
    workshop = Workshop.objects.create(event=b2b.event, title="Ideas")
    challenge = Challenge.objects.create(
        workshop=workshop, organisation=cast.alice_org, posted_by=b2b.alice_reg, title="Less scrap"
    )
    idea = Idea.objects.create(challenge=challenge, author=b2b.alice_reg, text="Vision checks")
    assert not Tie.objects.exists()  # a team of one
    IdeaMember.objects.create(idea=idea, registration=b2b.bob_reg)
    a, b = sorted([cast.alice_org.pk, cast.bob_org.pk])
    assert _pairs() == {(a, b, "team", True)}
    idea.delete()
    assert not Tie.objects.exists()


def test_rebuild_replays_every_source_and_reported_partnerships_plug_in(cast: Cast) -> None:
    _project("P1", cast.alice_org, cast.bob_org, cast.charlie_org)
    Tie.objects.all().delete()
    assert rebuild_ties() == 3
    assert (
        sync_source_ties(
            kind=Tie.Kind.AGREEMENT,
            source_id=7,
            organisation_ids=[cast.alice_org.pk, cast.charlie_org.pk, cast.alice_org.pk],
            private=True,
        )
        == 1
    )
    assert Tie.objects.filter(kind=Tie.Kind.AGREEMENT, private=True).count() == 1
    sync_source_ties(kind=Tie.Kind.AGREEMENT, source_id=7, organisation_ids=[])
    assert not Tie.objects.filter(kind=Tie.Kind.AGREEMENT).exists()


def test_collaboration_view_shows_private_ties_to_their_two_organisations_only(
    cast: Cast, django_assert_num_queries: object
) -> None:
    secret = OrganisationFactory(name="Secret Partner")
    sync_source_ties(
        kind=Tie.Kind.MEETING,
        source_id=1,
        organisation_ids=[cast.bob_org.pk, secret.pk],
        private=True,
    )
    _project("Open", cast.alice_org, secret)
    owner = collaboration_view(viewer_ids={cast.bob_org.pk})
    assert owner.private == {cast.bob_org.pk: {secret.pk: 1.0}}
    others = collaboration_view(viewer_ids={cast.alice_org.pk, cast.charlie_org.pk})
    assert others.private == {}
    assert others.public == {
        cast.alice_org.pk: {secret.pk: 1.0},
        secret.pk: {cast.alice_org.pk: 1.0},
    }
    assert others.labels[(cast.alice_org.pk, secret.pk)] == ["Open"]


# -- the privacy rule on the event's suggestions: owner, member, outsider ------------------------


@pytest.fixture
def network(cast: Cast) -> Iterator[tuple[B2B, Registration, Organisation]]:
    """alice (demander) and bob (supplier) from the B2B fixture, charlie registered as a
    supplier too. "Zeta" is not registered: bob met Zeta privately at a past event; alice and
    charlie each have a public project with Zeta."""
    cache.clear()
    b2b = make_b2b(cast)
    charlie_reg = RegistrationFactory(
        event=b2b.event,
        user=cast.charlie,
        organisation=cast.charlie_org,
        role=Registration.Role.SUPPLIER,
        offers="predictive maintenance consulting for machining lines",
        needs="pilot sites for vision quality control",
    )
    zeta = OrganisationFactory(name="Zeta Robotics", short_name="Zeta")
    past = EventFactory(name="Past edition", slug="past-edition")
    met = MeetingRequest.objects.create(
        event=past,
        requester=RegistrationFactory(event=past, user=UserFactory(), organisation=cast.bob_org),
        recipient=RegistrationFactory(event=past, user=UserFactory(), organisation=zeta),
        expires_at=timezone.now(),
        status=MeetingRequest.Status.ACCEPTED,
    )
    assert Tie.objects.get(kind=Tie.Kind.MEETING, source_id=met.pk).private
    _project("Alpha line", cast.alice_org, zeta)
    _project("Charlie line", cast.charlie_org, zeta)
    yield b2b, charlie_reg, zeta
    cache.clear()


def _reasons_about(registration: Registration, other: Registration) -> tuple[str, ...]:
    suggestions = suggestions_for(registration) or []
    return next((s.reasons for s in suggestions if s.registration == other), ())


def test_owner_of_a_private_tie_sees_it_in_its_own_reasons(
    network: tuple[B2B, Registration, Organisation], english: None
) -> None:
    b2b, charlie_reg, _zeta = network
    assert "Worked with one of your partners: Zeta" in _reasons_about(b2b.bob_reg, charlie_reg)


def test_member_never_sees_another_members_private_tie(
    network: tuple[B2B, Registration, Organisation], english: None
) -> None:
    b2b, charlie_reg, _zeta = network
    # Through charlie's public project Zeta is a partner in common; through bob's private
    # meeting it must not be.
    assert "Worked with one of your partners: Zeta" in _reasons_about(b2b.alice_reg, charlie_reg)
    assert not any("Zeta" in r for r in _reasons_about(b2b.alice_reg, b2b.bob_reg))


def test_outsider_never_sees_a_private_tie(
    network: tuple[B2B, Registration, Organisation], english: None
) -> None:
    b2b, charlie_reg, _zeta = network
    assert not any("Zeta" in r for r in _reasons_about(charlie_reg, b2b.bob_reg))


def test_suggestion_page_names_public_partners_and_hides_private_ones(
    network: tuple[B2B, Registration, Organisation], cast: Cast, english: None
) -> None:
    b2b, _charlie_reg, _zeta = network
    url = reverse("events:b2b_suggestions", args=[b2b.event.slug])
    client = Client()
    client.force_login(cast.alice)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("Worked with one of your partners: Zeta") == 1  # charlie, not bob
    client.force_login(cast.bob)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Worked with one of your partners: Zeta" in page


def test_api_suggestions_carry_the_graph_reasons_the_caller_may_see(
    network: tuple[B2B, Registration, Organisation], cast: Cast
) -> None:
    b2b, charlie_reg, _zeta = network
    url = f"/api/v1/events/{b2b.event.slug}/suggestions"
    client = Client()
    client.force_login(cast.alice)
    items = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    reasons = {item["registration"]["id"]: item["reasons"] for item in items}
    assert "Worked with one of your partners: Zeta" in reasons[charlie_reg.pk]
    assert not any("Zeta" in r for r in reasons[b2b.bob_reg.pk])
    client.force_login(cast.charlie)
    items = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").json()["items"]
    reasons = {item["registration"]["id"]: item["reasons"] for item in items}
    assert "A travaillé avec un de vos partenaires : Zeta" in reasons[b2b.alice_reg.pk]
    assert not any("Zeta" in r for r in reasons[b2b.bob_reg.pk])
