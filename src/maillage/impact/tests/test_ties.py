"""``queries.agreement_ties``: agreements between pairs of organisations, for the network graph."""

import datetime as dt

import pytest
from django.utils import timezone

from maillage.impact.models import Outcome
from maillage.impact.queries import agreement_ties
from maillage.impact.services.answers import rate_meeting, report_outcome
from maillage.impact.tests.conftest import Followed

pytestmark = pytest.mark.django_db


def _rated_and_open(followed: Followed) -> dict[str, object]:
    for who, first, second in (("A", "A", "B"), ("B", "A", "B"), ("C", "C", "D")):
        rate_meeting(
            invitation=followed.invitations[who],
            request_id=followed.request(first, second).pk,
            took_place=True,
            interest="cooperation",
        )
    return followed.open(3)  # type: ignore[return-value]


def _report(
    followed: Followed, wave: dict[str, object], who: str, first: str, second: str, **values: object
) -> None:
    report_outcome(
        invitation=wave[who],
        request_id=followed.request(first, second).pk,  # type: ignore[arg-type]
        **{"status": "agreement", "kind": "supply", **values},
    )  # type: ignore[arg-type]


def test_a_tie_is_public_only_when_both_sides_report_it_and_agree_to_show_it(
    followed: Followed,
) -> None:
    wave = _rated_and_open(followed)
    day = followed.plan.held_on
    _report(followed, wave, "A", "A", "B", publishable=True, agreed_on=day + dt.timedelta(days=1))
    _report(followed, wave, "B", "A", "B", publishable=True, agreed_on=day)
    _report(followed, wave, "C", "C", "D", publishable=True)

    ties = agreement_ties()

    people = followed.day.people
    assert [(t.organisations, t.date, t.private) for t in ties] == [
        (tuple(sorted((people["A"].organisation_id, people["B"].organisation_id))), day, False),
        (
            tuple(sorted((people["C"].organisation_id, people["D"].organisation_id))),
            timezone.localdate(Outcome.objects.get(invitation=wave["C"]).created_at),
            True,
        ),
    ]


def test_a_negotiation_is_no_tie_and_the_period_filters_by_date(followed: Followed) -> None:
    wave = _rated_and_open(followed)
    day = followed.plan.held_on
    _report(followed, wave, "A", "A", "B", status="negotiation", kind="")
    _report(followed, wave, "C", "C", "D", agreed_on=day)

    assert len(agreement_ties()) == 1
    assert agreement_ties(since=day + dt.timedelta(days=1)) == []
    assert len(agreement_ties(until=day)) == 1
