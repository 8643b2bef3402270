"""A call's status comes from its dates (one definition); eligibility's SQL and Python twins
agree."""

import datetime as dt

import pytest
from django.utils import timezone

from maillage.calls.eligibility import (
    EU,
    Applicant,
    applicant_is_eligible,
    country_is_eligible,
    open_to_applicant,
    open_to_country,
    pack,
    unpack,
)
from maillage.calls.models import Call, CallStatus
from maillage.calls.queries import CallFilters, filter_calls, status_of
from maillage.calls.tests.factories import CallFactory

pytestmark = pytest.mark.django_db


def _status(**kwargs: object) -> str:
    return status_of(CallFactory(**kwargs))


def test_status_is_forthcoming_before_the_opening_date() -> None:
    today = timezone.localdate()
    assert _status(opens_on=today + dt.timedelta(days=1), deadlines=[40]) == "forthcoming"


def test_status_is_open_on_the_opening_day_and_on_the_last_deadline() -> None:
    today = timezone.localdate()
    assert _status(opens_on=today, deadlines=[0]) == "open"


def test_status_is_closed_once_every_cut_off_has_passed() -> None:
    assert _status(deadlines=[-10, -1]) == "closed"


def test_status_stays_open_while_one_cut_off_is_left() -> None:
    assert _status(deadlines=[-10, 5]) == "open"


def test_status_of_a_call_without_cut_offs_or_opening_is_open() -> None:
    assert _status(opens_on=None, deadlines=[]) == "open"


def test_filter_calls_orders_deadline_soon_first_and_splits_by_status() -> None:
    late = CallFactory(title="Late", deadlines=[90])
    soon = CallFactory(title="Soon", deadlines=[-5, 3, 60])
    no_cut_off = CallFactory(title="Rolling", deadlines=[])
    CallFactory(title="Done", deadlines=[-3])
    CallFactory(title="Recently done", deadlines=[-1])
    CallFactory(title="Next year", opens_on=timezone.localdate() + dt.timedelta(days=200))
    CallFactory(title="Next month", opens_on=timezone.localdate() + dt.timedelta(days=20))
    titles = {
        status: [c.title for c in filter_calls(CallFilters(status=status))]
        for status in ("open", "forthcoming", "closed")
    }
    assert titles == {
        "open": ["Soon", "Late", "Rolling"],
        "forthcoming": ["Next month", "Next year"],
        "closed": ["Recently done", "Done"],
    }
    assert next(iter(filter_calls(CallFilters(status="open")))).pk == soon.pk
    assert {c.pk for c in filter_calls(CallFilters(status="all"))} >= {late.pk, no_cut_off.pk}
    assert list(filter_calls(CallFilters(status="nonsense"))) == []


def test_pack_and_unpack_round_trip() -> None:
    assert pack(["research", "sme", "sme", " "]) == ",research,sme,"
    assert unpack(",research,sme,") == ["research", "sme"]
    assert pack([]) == ""


COUNTRY_CASES = [
    ([], "DE"),
    (["BE", "FR"], "FR"),
    (["BE", "FR"], "DE"),
    ([EU], "DE"),
    ([EU], "CH"),
    ([EU, "CH"], "CH"),
    (["NL"], "NL"),
]


@pytest.mark.parametrize(("countries", "country"), COUNTRY_CASES)
def test_open_to_country_agrees_with_its_python_twin(countries: list[str], country: str) -> None:
    call = CallFactory(eligible_countries=pack(countries))
    in_sql = Call.objects.filter(open_to_country(country), pk=call.pk).exists()
    assert in_sql == country_is_eligible(call.eligible_countries, country)


def test_open_to_country_answers_as_expected() -> None:
    answers = {
        (tuple(countries), country): country_is_eligible(pack(countries), country)
        for countries, country in COUNTRY_CASES
    }
    assert list(answers.values()) == [True, True, False, True, False, True, True]


@pytest.mark.parametrize("applicant", [a.value for a in Applicant])
@pytest.mark.parametrize("listed", [[], ["sme"], ["research", "large_company"]])
def test_open_to_applicant_agrees_with_its_python_twin(applicant: str, listed: list[str]) -> None:
    call = CallFactory(eligible_applicants=pack(listed))
    in_sql = Call.objects.filter(open_to_applicant(applicant), pk=call.pk).exists()
    assert in_sql == applicant_is_eligible(call.eligible_applicants, applicant)
    assert in_sql == (not listed or applicant in listed)


def test_call_status_values_are_the_ones_the_api_promises() -> None:
    assert CallStatus.values == ["forthcoming", "open", "closed"]
