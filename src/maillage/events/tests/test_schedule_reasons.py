"""Why a run found no schedule, said with the organisations' names and the slots' times, in the
page's language: the engine's reasons are stored as data and worded when shown."""

from dataclasses import replace
from datetime import timedelta

import pytest
from django.utils import formats, translation

from maillage.events.models import ScheduleRun
from maillage.events.problem import build_problem
from maillage.events.queries.schedule import run_report
from maillage.events.schedule_reasons import Wording, reason_text, stored_reasons
from maillage.events.slots import event_slots
from maillage.events.tests.schedule_fixtures import Scheduled, make_scheduled
from maillage.scheduling.engine.reasons import CODES, reason

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_engine_reason_has_a_sentence(code) -> None:
    wording = Wording(names={1: "Alice Robotics SRL", 2: "Bob Logistics SA"}, slots={}, sessions=[])
    stored = {
        "code": code,
        "participant": 1,
        "meeting": [1, 2],
        "before": [1, 2],
        "meetings": [[1, 2]],
        "cycle": [[1, 2]],
    }
    text = reason_text(stored, wording)
    assert text != code
    assert text[0].isupper()
    assert text.endswith((".", ":"))


def test_a_slot_reads_as_its_time_on_one_day_and_with_its_date_over_two(scheduled) -> None:
    first, second = event_slots([scheduled.b2b.session])[:2]
    one_day = Wording(names={}, slots={1: first, 2: second}, sessions=[])
    later = replace(second, starts=second.starts + timedelta(days=1))
    two_days = Wording(names={}, slots={1: first, 2: later}, sessions=[])
    assert one_day.slot(2) == formats.date_format(second.starts, "TIME_FORMAT")
    assert two_days.slot(2) == formats.date_format(later.starts, "SHORT_DATETIME_FORMAT")
    assert one_day.slot(2) != two_days.slot(2)


@pytest.fixture
def scheduled(cast) -> Scheduled:
    return make_scheduled(cast)


def infeasible_run(scheduled: Scheduled) -> ScheduleRun:
    """A run that stored, as the job does, the conflict a solver found: Alice unavailable at
    the second slot, and her meeting with Bob fixed there."""
    built = build_problem(scheduled.b2b.event)
    number = {pk: n for n, pk in built.registration_ids.items()}
    alice, bob = number[scheduled.b2b.alice_reg.pk], number[scheduled.b2b.bob_reg.pk]
    [with_bob] = [m for m in built.problem.meetings if {m.a, m.b} == {alice, bob}]
    reasons = [
        reason("proven", solver="CP-SAT"),
        reason("conflict"),
        reason("unavailable", participant=alice, slot=2),
        reason("fixed", meeting=with_bob.id, a=with_bob.a, b=with_bob.b, slot=2),
    ]
    return ScheduleRun.objects.create(
        event=scheduled.b2b.event,
        status=ScheduleRun.Status.DONE,
        stats={
            "solver_status": "infeasible",
            "engine_reasons": stored_reasons(built, reasons),
            "unplaced": [],
        },
    )


def second_slot(scheduled: Scheduled) -> str:
    slot = event_slots([scheduled.b2b.session])[1]
    return formats.date_format(slot.starts, "TIME_FORMAT")


def test_stored_reasons_name_registrations_not_engine_numbers(scheduled) -> None:
    run = infeasible_run(scheduled)
    alice, bob = scheduled.b2b.alice_reg.pk, scheduled.b2b.bob_reg.pk
    _proof, _header, unavailable, fixed = run.stats["engine_reasons"]
    assert unavailable == {"code": "unavailable", "participant": alice, "slot": 2}
    assert fixed["code"] == "fixed"
    assert sorted(fixed["meeting"]) == sorted([alice, bob])


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "fr",
            [
                "Le solveur a prouvé qu’aucun planning ne respecte toutes les contraintes.",
                "Ces contraintes ne peuvent pas être toutes respectées ensemble :",
                "Alice Robotics SRL n’est pas disponible à {time}.",
                "Le rendez-vous {meeting} est fixé à {time}.",
            ],
        ),
        (
            "en",
            [
                "The solver proved that no schedule satisfies every constraint.",
                "These constraints cannot all hold together:",
                "Alice Robotics SRL is not available at {time}.",
                "The meeting {meeting} is fixed at {time}.",
            ],
        ),
    ],
)
def test_reasons_read_as_sentences_in_the_language(scheduled, language, expected) -> None:
    run = infeasible_run(scheduled)
    with translation.override(language):
        report = run_report(run)
        time = second_slot(scheduled)
    assert report is not None
    [fixed] = [r for r in report.engine_reasons if "Bob Logistics SA" in r]
    meeting = next(
        pair
        for pair in (
            "Alice Robotics SRL – Bob Logistics SA",
            "Bob Logistics SA – Alice Robotics SRL",
        )
        if pair in fixed
    )
    assert report.engine_reasons == [line.format(time=time, meeting=meeting) for line in expected]


def test_reasons_of_older_runs_keep_their_sentence_with_names(scheduled) -> None:
    run = ScheduleRun.objects.create(
        event=scheduled.b2b.event,
        status=ScheduleRun.Status.DONE,
        stats={
            "solver_status": "infeasible",
            "engine_reasons": [f"registration {scheduled.b2b.alice_reg.pk} cannot attend slot 2"],
            "unplaced": [],
        },
    )
    report = run_report(run)
    assert report is not None
    assert report.engine_reasons == ["Alice Robotics SRL cannot attend slot 2"]
