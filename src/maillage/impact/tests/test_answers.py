"""Answers: ratings and outcomes are checked before anything is written; they can be withdrawn."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from maillage.conftest import Cast
from maillage.core.errors import ValidationFailed
from maillage.impact.amounts import AmountError, parse_amount
from maillage.impact.models import Invitation, MeetingRating, Outcome
from maillage.impact.services.answers import (
    declare_nothing_to_report,
    follow_up_candidates,
    new_partner_choices,
    rate_meeting,
    report_outcome,
    withdraw_outcome,
    withdraw_rating,
)
from maillage.impact.tests.conftest import Followed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _rate(followed: Followed, who: str, partner: str, interest: str = "cooperation") -> None:
    first, second = sorted((who, partner))
    rate_meeting(
        invitation=followed.invitations[who],
        request_id=followed.request(first, second).pk,
        took_place=True,
        interest=interest,
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("12 500", "12500.00"),
        ("12.500,50", "12500.50"),
        ("12,500.50", "12500.50"),
        ("EUR 8 000", "8000.00"),
        ("8000 €", "8000.00"),
        ("1 000 000 000", "1000000000.00"),
        ("250", "250.00"),
        ("99,9", "99.90"),
    ],
)
def test_parse_amount_reads_the_usual_ways_of_writing_euros(text: str, amount: str) -> None:
    assert parse_amount(text) == Decimal(amount)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-5 000", "cannot be negative"),
        ("1 000 000 001", "Over EUR 1 billion"),
        ("5e9", "Write the amount in euros as a number"),
        ("12,50,00", "Write the amount in euros as a number"),
        ("twelve", "Write the amount in euros as a number"),
        ("12.345.67", "Write the amount in euros as a number"),
        ("0", "more than zero"),
        ("1,000.123", "Write the amount in euros as a number"),
        ("NaN", "Write the amount in euros as a number"),
    ],
)
def test_parse_amount_refuses_what_it_cannot_trust(english: None, text: str, message: str) -> None:
    with pytest.raises(AmountError, match=message):
        parse_amount(text)


def test_rate_meeting_records_the_rating_and_marks_the_invitation_answered(
    followed: Followed,
) -> None:
    _rate(followed, "A", "B")

    rating = MeetingRating.objects.get()
    assert (rating.took_place, rating.interest) == (True, "cooperation")
    assert Invitation.objects.get(pk=followed.invitations["A"].pk).answered_at is not None


def test_rate_meeting_a_second_time_changes_the_rating(followed: Followed) -> None:
    _rate(followed, "A", "B")
    _rate(followed, "A", "B", interest="knowledge")

    assert list(MeetingRating.objects.values_list("interest", flat=True)) == ["knowledge"]


def test_a_meeting_that_did_not_take_place_has_no_interest(followed: Followed) -> None:
    rate_meeting(
        invitation=followed.invitations["A"],
        request_id=followed.request("A", "B").pk,
        took_place=False,
        interest="cooperation",
    )

    assert MeetingRating.objects.get().interest == ""


def test_rate_meeting_refuses_a_meeting_of_someone_else(followed: Followed) -> None:
    with pytest.raises(ValidationFailed, match="not one of yours"):
        rate_meeting(
            invitation=followed.invitations["A"],
            request_id=followed.request("C", "D").pk,
            took_place=True,
            interest="none",
        )
    assert not MeetingRating.objects.exists()


def test_rate_meeting_asks_what_a_held_meeting_brought(followed: Followed) -> None:
    with pytest.raises(ValidationFailed) as refused:
        rate_meeting(
            invitation=followed.invitations["A"],
            request_id=followed.request("A", "B").pk,
            took_place=True,
        )
    assert list(refused.value.errors) == ["interest"]
    assert Invitation.objects.get(pk=followed.invitations["A"].pk).answered_at is None


def test_withdrawing_the_only_rating_makes_the_participant_a_non_respondent(
    followed: Followed,
) -> None:
    _rate(followed, "A", "B")

    withdraw_rating(invitation=followed.invitations["A"], request_id=followed.request("A", "B").pk)

    assert not MeetingRating.objects.exists()
    assert Invitation.objects.get(pk=followed.invitations["A"].pk).answered_at is None


def test_withdrawing_a_rating_that_does_not_exist_is_refused(followed: Followed) -> None:
    with pytest.raises(ValidationFailed, match="no rating of this meeting"):
        withdraw_rating(
            invitation=followed.invitations["A"], request_id=followed.request("A", "B").pk
        )


def test_a_wave_asks_about_the_meetings_rated_cooperation_possible(followed: Followed) -> None:
    _rate(followed, "A", "B")
    _rate(followed, "C", "D", interest="knowledge")
    wave = followed.open(3)

    assert [m.partner.name for m in follow_up_candidates(wave["A"])] == ["Bob Logistics SA"]
    assert follow_up_candidates(wave["C"]) == []


def test_new_partners_are_the_event_s_other_participants(followed: Followed) -> None:
    wave = followed.open(3)

    names = [o.name for o in new_partner_choices(wave["A"])]

    assert "Alice Robotics SRL" not in names
    assert len(names) == 7


def _agreement(followed: Followed, wave: dict[str, Invitation], **values: object) -> Outcome:
    _rate(followed, "A", "B")
    fields: dict[str, object] = {
        "invitation": wave["A"],
        "request_id": followed.request("A", "B").pk,
        "status": "agreement",
        "kind": "supply",
        **values,
    }
    return report_outcome(**fields)  # type: ignore[arg-type]


def test_report_outcome_records_an_agreement_with_its_amount_and_date(followed: Followed) -> None:
    wave = followed.open(3)
    yesterday = timezone.localdate()

    outcome = _agreement(followed, wave, amount="45 000", agreed_on=yesterday)

    assert (outcome.kind, outcome.amount, outcome.agreed_on) == (
        "supply",
        Decimal("45000.00"),
        yesterday,
    )
    assert outcome.partner == followed.day.people["B"].organisation
    assert outcome.value == Decimal("45000.00")


def test_an_amount_band_counts_as_its_midpoint(followed: Followed) -> None:
    wave = followed.open(3)

    outcome = _agreement(followed, wave, amount_band="10k-50k")

    assert outcome.value == Decimal(30_000)


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"amount": "-100"}, "amount", "An amount cannot be negative."),
        ({"amount": "2 000 000 000"}, "amount", "Over EUR 1 billion is not plausible"),
        ({"amount": "12,5,0"}, "amount", "Write the amount in euros as a number"),
        ({"amount": Decimal("-1")}, "amount", "An amount cannot be negative."),
        ({"amount": "1000", "amount_band": "lt10k"}, "amount", "not both"),
        ({"amount_band": "huge"}, "amount_band", "Choose one of the bands"),
        ({"kind": ""}, "kind", "Choose the kind of agreement."),
        ({"agreed_on": dt.date(2000, 1, 1)}, "agreed_on", "cannot predate the meeting"),
        ({"agreed_on": dt.date(2099, 1, 1)}, "agreed_on", "cannot be in the future"),
        ({"status": "married"}, "status", "Choose the outcome"),
    ],
)
def test_report_outcome_refuses_bad_input_and_stores_nothing(
    followed: Followed, values: dict[str, object], field: str, message: str
) -> None:
    wave = followed.open(3)

    with pytest.raises(ValidationFailed) as refused:
        _agreement(followed, wave, **values)

    assert message in " ".join(refused.value.errors[field])
    assert not Outcome.objects.exists()
    assert Invitation.objects.get(pk=wave["A"].pk).answered_at is None


def test_only_an_agreement_has_a_kind_or_amount(followed: Followed) -> None:
    wave = followed.open(3)

    with pytest.raises(ValidationFailed, match="Only an agreement"):
        _agreement(followed, wave, status="negotiation", amount="100")


def test_outcomes_are_not_reported_in_the_rating(followed: Followed) -> None:
    with pytest.raises(ValidationFailed, match="follow-up waves"):
        report_outcome(
            invitation=followed.invitations["A"],
            request_id=followed.request("A", "B").pk,
            status="negotiation",
        )


def test_a_new_partner_must_be_a_participant_of_the_event(followed: Followed, cast: Cast) -> None:
    wave = followed.open(3)

    with pytest.raises(ValidationFailed, match="among the event's participants"):
        report_outcome(invitation=wave["A"], partner_id=cast.charlie_org.pk, status="negotiation")


def test_both_sides_reports_are_kept(followed: Followed) -> None:
    _rate(followed, "B", "A")
    wave = followed.open(3)
    _agreement(followed, wave)
    report_outcome(
        invitation=wave["B"], request_id=followed.request("A", "B").pk, status="negotiation"
    )

    assert sorted(Outcome.objects.values_list("status", flat=True)) == ["agreement", "negotiation"]


def test_withdrawing_an_outcome_deletes_it(followed: Followed) -> None:
    wave = followed.open(3)
    outcome = _agreement(followed, wave)

    withdraw_outcome(invitation=wave["A"], outcome_id=outcome.pk)

    assert not Outcome.objects.exists()
    assert Invitation.objects.get(pk=wave["A"].pk).answered_at is None


def test_withdrawing_someone_else_s_outcome_is_refused(followed: Followed) -> None:
    wave = followed.open(3)
    outcome = _agreement(followed, wave)

    with pytest.raises(ValidationFailed, match="no such answer"):
        withdraw_outcome(invitation=wave["B"], outcome_id=outcome.pk)
    assert Outcome.objects.count() == 1


def test_nothing_to_report_makes_a_respondent_and_can_be_taken_back(followed: Followed) -> None:
    wave = followed.open(3)

    declare_nothing_to_report(invitation=wave["C"])
    assert Invitation.objects.get(pk=wave["C"].pk).answered_at is not None

    declare_nothing_to_report(invitation=wave["C"], nothing=False)
    assert Invitation.objects.get(pk=wave["C"].pk).answered_at is None
