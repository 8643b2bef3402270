"""Synthetic events for benchmarks, tests and demos (deterministic for a given seed)."""

from __future__ import annotations

import random

from .model import Meeting, Participant, Problem


def generate_event(
    n_participants: int,
    *,
    seed: int = 0,
    meetings_per_participant: float = 16.0,
    n_slots: int = 24,
    n_sessions: int = 2,
    tables_per_participant: float = 0.25,
    forbidden_rate: float = 0.05,
    session_rate: float = 0.1,
) -> Problem:
    """An event shaped like a large brokerage day.

    1,000 participants give about 8,000 requested meetings (each meeting has two participants),
    24 slots in two sessions and 250 tables; 5 % of participant-slots are forbidden. Popularity is
    skewed (a few participants are asked a lot), weights are 3 (mutual), 2 (accepted) or 1
    (organiser proposal); some meetings require a session. Nothing is mandatory.
    """
    rng = random.Random(seed)
    per = n_slots // n_sessions
    sessions = tuple(
        (1 + i * per, n_slots if i == n_sessions - 1 else (i + 1) * per) for i in range(n_sessions)
    )
    participants = tuple(
        Participant(
            id=i,
            forbidden=frozenset(s for s in range(1, n_slots + 1) if rng.random() < forbidden_rate),
        )
        for i in range(1, n_participants + 1)
    )
    n_meetings = round(n_participants * meetings_per_participant / 2)
    popularity = [rng.paretovariate(2.5) for _ in range(n_participants)]
    ids = list(range(1, n_participants + 1))
    pairs: set[tuple[int, int]] = set()
    load = [0] * (n_participants + 1)
    cap = n_slots
    attempts = 0
    while len(pairs) < n_meetings and attempts < n_meetings * 20:
        attempts += 1
        a = rng.randint(1, n_participants)
        b = rng.choices(ids, weights=popularity)[0] if rng.random() < 0.5 else rng.choice(ids)
        if a == b or load[a] >= cap or load[b] >= cap:
            continue
        pair = (min(a, b), max(a, b))
        if pair in pairs:
            continue
        pairs.add(pair)
        load[a] += 1
        load[b] += 1
    meetings = []
    for index, (a, b) in enumerate(sorted(pairs, key=lambda _: rng.random()), start=1):
        session = rng.randint(1, n_sessions) if rng.random() < session_rate else None
        meetings.append(
            Meeting(
                id=index, a=a, b=b, weight=rng.choices((3, 2, 1), (2, 5, 3))[0], session=session
            )
        )
    return Problem(
        n_slots=n_slots,
        n_tables=max(1, round(n_participants * tables_per_participant)),
        participants=participants,
        meetings=tuple(meetings),
        sessions=sessions,
        name=f"generated-{n_participants}-{seed}",
    )


def placement_upper_bound(problem: Problem) -> int:
    """A cheap upper bound on the weighted number of placed meetings.

    The smaller of: the heaviest ``free tables x slots`` meetings; and half the sum, over
    participants, of their heaviest meetings that fit their usable slots (each placed meeting is
    counted at both of its participants).
    """
    capacity = (problem.n_tables - len(problem.reserved_tables)) * problem.n_slots
    weights = sorted((m.weight for m in problem.meetings), reverse=True)
    by_tables = sum(weights[:capacity])
    per_person: dict[int, list[int]] = {p.id: [] for p in problem.participants}
    for m in problem.meetings:
        per_person[m.a].append(m.weight)
        per_person[m.b].append(m.weight)
    by_people = 0
    for p in problem.participants:
        usable = problem.n_slots - len(p.forbidden)
        if p.max_meetings is not None:
            usable = min(usable, p.max_meetings)
        by_people += sum(sorted(per_person[p.id], reverse=True)[:usable])
    return min(by_tables, by_people // 2)
