"""Preview statistics of a scheduling run: placed vs requested, load, unplaced meetings and why.

Computed once by ``run_statistics`` (first runs and day-of re-plans alike) and stored in
``ScheduleRun.stats`` (JSON) by the background job; ``report_run`` turns the stored figures into
the ``RunReport`` that both the run page and the API render.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from statistics import median

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from maillage.events.problem import EventProblem
from maillage.events.schedule_reasons import (
    Wording,
    reason_text,
    registrations_in,
    stored_reasons,
)
from maillage.scheduling import engine
from maillage.scheduling.engine.verify import count_breaks


def run_statistics(built: EventProblem, result: engine.Result) -> dict[str, object]:
    """What the organiser previews before publishing (stored as the run's ``stats``).

    Load is the number of placed meetings per participant, and gaps the idle stretches between
    a participant's first and last meeting (the engine's breaks), both over the participants
    with at least one accepted request (minimum, median, maximum). Each unplaced meeting lists
    the reasons that can be shown to hold in the schedule found (codes, rendered by
    ``unplaced_reason_text``); the engine's own proofs of infeasibility are kept as
    ``engine_reasons`` (``schedule_reasons.stored_reasons``).
    """
    problem = built.problem
    placed = {p.meeting: p for p in result.placements}
    load: Counter[int] = Counter()
    busy: set[tuple[int, int]] = set()
    slots_of: defaultdict[int, list[int]] = defaultdict(list)
    tables_used: Counter[int] = Counter()
    for meeting_id, placement in placed.items():
        tables_used[placement.slot] += 1
        for pid in problem.meetings_by_id[meeting_id].participants:
            load[pid] += 1
            busy.add((pid, placement.slot))
            slots_of[pid].append(placement.slot)
    involved = sorted({pid for m in problem.meetings for pid in m.participants})
    loads = [load[pid] for pid in involved]
    gaps = [count_breaks(slots_of[pid]) for pid in involved]
    unplaced = []
    for meeting in problem.meetings:
        if meeting.id in placed:
            continue
        reasons: list[dict[str, object]] = []
        slots = problem.allowed_slots(meeting)
        if not slots:
            reasons.append({"code": "no_common_slot"})
        for pid in meeting.participants:
            limit = problem.people[pid].max_meetings
            if limit is not None and load[pid] >= limit:
                reasons.append(
                    {
                        "code": "max_meetings",
                        "registration": built.registration_ids[pid],
                        "limit": limit,
                    }
                )
        if slots and all(
            (meeting.a, s) in busy or (meeting.b, s) in busy or tables_used[s] >= problem.n_tables
            for s in slots
        ):
            reasons.append({"code": "slots_taken"})
        unplaced.append(
            {
                "request": built.request_ids[meeting.id],
                "registrations": [built.registration_ids[pid] for pid in meeting.participants],
                "reasons": reasons,
            }
        )
    return {
        "solver_status": str(result.status),
        "requested": len(problem.meetings),
        "placed": len(placed),
        "breaks": result.breaks,
        "lower_bound": result.lower_bound,
        "seconds": round(result.seconds, 2),
        "load_min": min(loads, default=0),
        "load_mean": round(sum(loads) / len(loads), 2) if loads else 0,
        "load_max": max(loads, default=0),
        "load_median": median(loads) if loads else 0,
        "gaps_min": min(gaps, default=0),
        "gaps_median": median(gaps) if gaps else 0,
        "gaps_max": max(gaps, default=0),
        "unplaced": unplaced,
        "engine_reasons": stored_reasons(built, result.reasons),
    }


def unplaced_reason_text(reason: dict[str, object], names: Mapping[int, str]) -> str:
    """One stored reason (see ``run_statistics``) as a sentence; ``names``: registration id ->
    organisation name."""
    code = reason.get("code")
    if code == "no_common_slot":
        return _("The two participants have no B2B slot when both are available.")
    if code == "max_meetings":
        limit = int(str(reason.get("limit")))
        return ngettext(
            "%(org)s has reached its maximum of %(limit)s meeting.",
            "%(org)s has reached its maximum of %(limit)s meetings.",
            limit,
        ) % {"org": names.get(int(str(reason.get("registration"))), "?"), "limit": limit}
    if code == "slots_taken":
        return _(
            "At every slot when both are available, one of them already has a meeting or every "
            "table is taken."
        )
    return str(code)


def registrations_named(stats: dict[str, object]) -> set[int]:
    """Registration ids the stats refer to (to fetch their names in one query)."""
    ids: set[int] = set()
    for item in stats.get("unplaced") or []:  # type: ignore[attr-defined]
        ids.update(item["registrations"])
        ids.update(r["registration"] for r in item["reasons"] if "registration" in r)
    ids.update(registrations_in(stats.get("engine_reasons") or []))  # type: ignore[arg-type]
    return ids


@dataclass(frozen=True)
class UnplacedMeeting:
    """An accepted request the run could not place."""

    #: Registration ids of the two participants.
    registrations: list[int]
    #: Their organisations' names, in the same order.
    between: list[str]
    #: Why it could not be placed, as sentences (when known).
    reasons: list[str]


@dataclass(frozen=True)
class RunReport:
    """A finished run's statistics as people read them (see ``run_statistics``).

    Figures a run stored before they existed read as 0 (load) or ``None`` (the rest).
    """

    solver_status: str
    requested: int
    placed: int
    #: Idle slots between a participant's meetings, over all participants.
    breaks: int | None
    lower_bound: int | None
    seconds: float | None
    #: Placed meetings per participant, over the participants with an accepted request.
    load_min: int
    load_mean: float
    load_max: int
    unplaced: list[UnplacedMeeting]
    engine_reasons: list[str]
    #: Median placed meetings per participant, and idle gaps (breaks) per participant with an
    #: accepted request; ``None`` for runs stored before these figures existed.
    load_median: float | None = None
    gaps_min: int | None = None
    gaps_median: float | None = None
    gaps_max: int | None = None
    #: Day-of re-plans only: announced meetings moved, announced ones gone, new ones.
    moved: int | None = None
    cancelled: int | None = None
    added: int | None = None

    @property
    def quality(self) -> str:
        """The solver's verdict as the organiser reads it."""
        return quality_text(self.solver_status)

    @property
    def placed_percent(self) -> int:
        return round(100 * self.placed / self.requested) if self.requested else 100


def report_run(stats: dict[str, object], wording: Wording) -> RunReport:
    """Stored ``stats`` as a ``RunReport``; ``wording`` names the registrations
    ``registrations_named(stats)`` returns and the event's slots."""
    names = wording.names

    def number(key: str) -> int | None:
        value = stats.get(key)
        return None if value is None else int(value)  # type: ignore[call-overload]

    unplaced = [
        UnplacedMeeting(
            registrations=list(item["registrations"]),
            between=[names.get(pk, "?") for pk in item["registrations"]],
            reasons=[unplaced_reason_text(r, names) for r in item["reasons"]],
        )
        for item in stats.get("unplaced") or []  # type: ignore[attr-defined]
    ]

    def fraction(key: str) -> float | None:
        value = stats.get(key)
        return None if value is None else float(value)  # type: ignore[arg-type]

    seconds = stats.get("seconds")
    return RunReport(
        solver_status=str(stats.get("solver_status", "")),
        requested=number("requested") or 0,
        placed=number("placed") or 0,
        breaks=number("breaks"),
        lower_bound=number("lower_bound"),
        seconds=None if seconds is None else float(seconds),  # type: ignore[arg-type]
        load_min=number("load_min") or 0,
        load_mean=float(stats.get("load_mean") or 0),  # type: ignore[arg-type]
        load_max=number("load_max") or 0,
        unplaced=unplaced,
        engine_reasons=[
            reason_text(r, wording)
            for r in stats.get("engine_reasons") or []  # type: ignore[attr-defined]
        ],
        load_median=fraction("load_median"),
        gaps_min=number("gaps_min"),
        gaps_median=fraction("gaps_median"),
        gaps_max=number("gaps_max"),
        moved=number("moved"),
        cancelled=number("cancelled"),
        added=number("added"),
    )


def quality_text(solver_status: str) -> str:
    """What the solver's verdict means for the organiser."""
    texts = {
        "optimal": _("The best possible schedule: no schedule has fewer idle gaps."),
        "feasible": _("A good schedule, the best found in the time given; a better one may exist."),
        "infeasible": _("No schedule can place every meeting as requested."),
        "unknown": _("No schedule was found in the time given."),
    }
    return texts.get(solver_status, solver_status)
