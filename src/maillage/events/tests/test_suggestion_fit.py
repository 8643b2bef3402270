"""Event suggestions that fit the event: shares of complementary roles and of the other side."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from maillage.ecosystem.models import Organisation
from maillage.ecosystem.tests.factories import MembershipFactory, NetworkFactory, UserFactory
from maillage.events.models import Event, Registration
from maillage.events.services.suggestions import suggestions_for
from maillage.events.suggestion_fit import ROLE_SHARE
from maillage.events.tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

#: What the demanders write: close to each other, far from the suppliers' texts.
DEMANDER_NEEDS = "predictive maintenance of robotic machining cells\nvision quality inspection"
DEMANDER_OFFERS = "precision machining of metal parts for robotic cells"


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()  # ids repeat between tests; so would cached suggestion tables
    yield
    cache.clear()


def registration(event: Event, role: str, network: Organisation, **texts: str) -> Registration:
    reg = RegistrationFactory(event=event, user=UserFactory(), role=role, **texts)
    MembershipFactory(organisation=reg.organisation, network=network)
    return reg


def make_event(*, demanders: int, suppliers: int) -> tuple[Event, Registration]:
    """An "ICT meets MecaTech" event: a demander (returned) among fellow manufacturers who write
    as it does, and ICT suppliers who write otherwise; each side a member of its network."""
    ict = NetworkFactory(name="ICT cluster", short_name="ICT")
    meca = NetworkFactory(name="MecaTech pole", short_name="MecaTech")
    event = EventFactory()
    event.organisers.set([ict, meca])
    me = registration(
        event, Registration.Role.DEMANDER, meca, needs=DEMANDER_NEEDS, offers=DEMANDER_OFFERS
    )
    for n in range(demanders):
        registration(
            event,
            Registration.Role.DEMANDER,
            meca,
            needs=f"{DEMANDER_NEEDS} line {n}",
            offers=f"{DEMANDER_OFFERS} series {n}",
        )
    for n in range(suppliers):
        registration(
            event,
            Registration.Role.SUPPLIER,
            ict,
            offers=f"cloud hosting, cybersecurity audits and payroll software, offer {n}",
            needs="customers in retail",
        )
    return event, me


def test_a_demander_gets_a_majority_of_suppliers_when_they_exist(english: None) -> None:
    _event, me = make_event(demanders=12, suppliers=8)
    suggestions = suggestions_for(me)
    assert suggestions is not None
    assert len(suggestions) == 10
    roles = [s.registration.role for s in suggestions]
    assert roles.count(Registration.Role.SUPPLIER) == 6  # floor(2/3 x 10)
    # Every prefix holds two in three (rounded down) suppliers: the top of the list is mixed.
    for length in range(1, 11):
        assert roles[:length].count(Registration.Role.SUPPLIER) >= int(ROLE_SHARE * length + 1e-9)
    # A supplier put ahead of a closer manufacturer says why, after its role.
    first_supplier = next(s for s in suggestions if s.registration.role == "supplier")
    assert first_supplier.reasons[:3] == (
        "A supplier of solutions for what you are looking for",
        "Crosses the event's two sectors: you with MecaTech, them with ICT",
        "Put forward because this event pairs complementary roles",
    )
    # The fellow manufacturers kept are the engine's closest, and say nothing of the shares.
    peers = [s for s in suggestions if s.registration.role == "demander"]
    assert all("Put forward" not in reason for s in peers for reason in s.reasons)


def test_without_complementary_roles_the_engine_order_stands() -> None:
    _event, me = make_event(demanders=6, suppliers=0)
    suggestions = suggestions_for(me)
    assert suggestions is not None
    assert len(suggestions) == 6
    assert {s.registration.role for s in suggestions} == {Registration.Role.DEMANDER}
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)


def test_the_share_reason_is_said_in_french_and_in_english(client: Client) -> None:
    event, me = make_event(demanders=12, suppliers=8)
    client.force_login(me.user)
    url = f"/events/{event.slug}/b2b/suggestions/"
    french = client.get(url).content.decode()
    assert "Mis en avant car cet événement associe des rôles complémentaires" in french
    assert "Un fournisseur de solutions pour ce que vous cherchez" in french
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Put forward because this event pairs complementary roles" in english
    assert "Put forward" not in french
