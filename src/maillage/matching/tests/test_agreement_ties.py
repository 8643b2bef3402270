"""Partnerships reported in the impact follow-up join the collaboration graph on write."""

import pytest

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.impact.services.answers import rate_meeting, report_outcome
from maillage.impact.tests.conftest import make_followed
from maillage.matching.models import Tie
from maillage.matching.queries import collaboration_view

pytestmark = pytest.mark.django_db


def test_a_reported_agreement_is_a_tie_private_until_both_sides_show_it(
    cast: Cast, manager: User
) -> None:
    followed = make_followed(cast, manager)
    for who in ("A", "B"):
        rate_meeting(
            invitation=followed.invitations[who],
            request_id=followed.request("A", "B").pk,
            took_place=True,
            interest="cooperation",
        )
    wave = followed.open(3)
    people = followed.day.people
    a, b = sorted((people["A"].organisation_id, people["B"].organisation_id))
    assert not Tie.objects.filter(kind=Tie.Kind.AGREEMENT).exists()

    def report(who: str) -> None:
        report_outcome(
            invitation=wave[who],
            request_id=followed.request("A", "B").pk,
            status="agreement",
            kind="supply",
            publishable=True,
        )

    report("A")
    tie = Tie.objects.get(kind=Tie.Kind.AGREEMENT)
    assert (tie.first_id, tie.second_id, tie.private) == (a, b, True)
    assert collaboration_view(viewer_ids={cast.charlie_org.pk}).public.get(a) is None
    report("B")
    tie = Tie.objects.get(kind=Tie.Kind.AGREEMENT)
    assert (tie.first_id, tie.second_id, tie.private) == (a, b, False)
    assert collaboration_view(viewer_ids={cast.charlie_org.pk}).public[a] == {b: 1.0}
