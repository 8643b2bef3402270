"""A B2B event with a pitch session (see b2b_fixtures for alice, bob, charlie and the manager):
``lena`` of Lena Lab SA pitches "TwinScan" and is a confirmed participant; "Orphan VR" is
pitched by an organisation nobody registered for."""

from dataclasses import dataclass

from maillage.accounts.models import Affiliation
from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import AffiliationFactory, OrganisationFactory, UserFactory
from maillage.events.models import Pitch, PitchSession, Registration
from maillage.events.tests.b2b_fixtures import B2B, make_b2b
from maillage.events.tests.factories import RegistrationFactory


@dataclass
class Pitches:
    b2b: B2B
    session: PitchSession
    twinscan: Pitch
    orphan: Pitch
    lena_reg: Registration


def make_pitches(cast: Cast) -> Pitches:
    b2b = make_b2b(cast)
    lab = OrganisationFactory(name="Lena Lab SA", kind="research_centre")
    lena = UserFactory(email="lena@example.org", full_name="Lena")
    AffiliationFactory(user=lena, organisation=lab, role=Affiliation.Role.MEMBER)
    lena_reg = RegistrationFactory(
        event=b2b.event, user=lena, organisation=lab, role=Registration.Role.RESEARCH
    )
    session = PitchSession.objects.create(event=b2b.event, title="Research pitches", room="A1")
    twinscan = Pitch.objects.create(
        session=session,
        position=1,
        title="TwinScan",
        team="Lena Lab team",
        organisation=lab,
        abstract="Digital twins of machining lines.",
        stand="12",
        slides_url="https://example.org/twinscan.pdf",
    )
    orphan = Pitch.objects.create(
        session=session,
        position=2,
        title="Orphan VR",
        team="Olga Orphan",
        organisation=OrganisationFactory(name="Orphan School", kind="haute_ecole"),
        stand="13",
    )
    return Pitches(b2b, session, twinscan, orphan, lena_reg)
