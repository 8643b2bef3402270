"""Fixtures of the impact tests (the cast of users is in maillage/conftest.py).

``followed``: the event-day edition of ``events.tests.eventday_fixtures`` (participants A..H,
A is alice, B is bob; published meetings A-B, C-D, E-F) held yesterday, with its follow-up plan
and its rating wave open (an invitation per participant with a meeting).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import timezone

from maillage.accounts.models import Affiliation, User
from maillage.conftest import Cast
from maillage.ecosystem.tests.factories import AffiliationFactory, UserFactory
from maillage.events.models import MeetingRequest
from maillage.events.tests.eventday_fixtures import Day, make_day
from maillage.impact.models import FollowUpPlan, Invitation, Wave
from maillage.impact.services.plans import create_follow_up_plan
from maillage.impact.services.waves import open_wave


@dataclass
class Followed:
    day: Day
    plan: FollowUpPlan
    rating: Wave
    #: Invitations of the rating wave by participant letter.
    invitations: dict[str, Invitation]

    def request(self, first: str, second: str) -> MeetingRequest:
        return MeetingRequest.objects.get(
            event=self.day.event,
            requester=self.day.people[first],
            recipient=self.day.people[second],
        )

    def wave(self, months: int) -> Wave:
        return Wave.objects.get(plan=self.plan, months=months)

    def open(self, months: int) -> dict[str, Invitation]:
        """Open the follow-up wave of ``months`` now; its invitations by letter."""
        wave = self.wave(months)
        now = timezone.now()
        Wave.objects.filter(pk=wave.pk).update(
            opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(weeks=4)
        )
        wave.refresh_from_db()
        open_wave(wave=wave, now=now)
        return self._by_letter(wave)

    def _by_letter(self, wave: Wave) -> dict[str, Invitation]:
        letters = {r.pk: letter for letter, r in self.day.people.items()}
        return {
            letters[i.registration_id]: i
            for i in Invitation.objects.filter(wave=wave).select_related(
                "wave__plan__event", "registration__organisation", "registration__user"
            )
        }


def make_followed(cast: Cast, organiser: User) -> Followed:
    day = make_day(cast, organiser)
    held_on = timezone.localdate() - dt.timedelta(days=1)
    plan = create_follow_up_plan(event=day.event, held_on=held_on)
    rating = Wave.objects.get(plan=plan, kind=Wave.Kind.RATING)
    now = timezone.now()
    Wave.objects.filter(pk=rating.pk).update(opens_at=now - dt.timedelta(hours=1))
    rating.refresh_from_db()
    open_wave(wave=rating, now=now)
    followed = Followed(day, plan, rating, {})
    followed.invitations = followed._by_letter(rating)
    return followed


@pytest.fixture
def followed(cast: Cast, manager: User) -> Followed:
    return make_followed(cast, manager)


@pytest.fixture
def colleague(cast: Cast) -> User:
    """A member of alice's organisation (alice is the owner of the answers)."""
    user = UserFactory(email="alex@example.org", full_name="Alex Colleague")
    AffiliationFactory(user=user, organisation=cast.alice_org, role=Affiliation.Role.MEMBER)
    return user


@pytest.fixture
def admin(db: None) -> User:
    return User.objects.create_superuser("root@example.org", "admin-password")


@pytest.fixture
def as_user(
    client: Client, cast: Cast, manager: User, colleague: User, admin: User
) -> Callable[[str], Client]:
    """``as_user("alice" | "colleague" | "bob" | "charlie" | "manager" | "admin")``: the client
    logged in, in English."""
    people = {"manager": manager, "colleague": colleague, "admin": admin}

    def login(who: str) -> Client:
        client.force_login(people.get(who) or getattr(cast, who))
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return login
