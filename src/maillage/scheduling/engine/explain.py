"""Cheap necessary conditions: each reason returned is a proof that no schedule exists.

Only mandatory meetings (all of them for the published instances, locked ones otherwise) count:
an optional meeting can always be left out.
"""

from __future__ import annotations

from collections import defaultdict

from .model import Meeting, Problem
from .reasons import Reason, reason


def _precedence_cycle(problem: Problem, mandatory: dict[int, Meeting]) -> list[int] | None:
    """A cycle of mandatory meetings in the precedence graph, or None."""
    colour: dict[int, int] = {}
    stack_order: list[int] = []
    for root in sorted(mandatory):
        if root in colour:
            continue
        # Iterative DFS: colour 1 = on the stack, 2 = done.
        todo: list[tuple[int, int]] = [(root, 0)]
        while todo:
            node, index = todo.pop()
            if index == 0:
                colour[node] = 1
                stack_order.append(node)
            preds = [p for p in mandatory[node].after if p in mandatory]
            if index < len(preds):
                todo.append((node, index + 1))
                nxt = preds[index]
                if colour.get(nxt) == 1:
                    return [*stack_order[stack_order.index(nxt) :], nxt]
                if nxt not in colour:
                    todo.append((nxt, 0))
            else:
                colour[node] = 2
                stack_order.pop()
    return None


def explain_infeasibility(problem: Problem) -> list[Reason]:  # noqa: PLR0912
    """Reasons, each naming participants, slots or meetings, why no schedule can exist."""
    reasons: list[Reason] = []
    mandatory = {m.id: m for m in problem.meetings if problem.is_mandatory(m)}
    allowed = {mid: problem.allowed_slots(m) for mid, m in mandatory.items()}
    for mid, slots in allowed.items():
        if not slots:
            reasons.append(reason("no_slot", meeting=mid))
    by_person: dict[int, list[int]] = defaultdict(list)
    for mid, m in mandatory.items():
        by_person[m.a].append(mid)
        by_person[m.b].append(mid)
    people = problem.people
    for pid, mids in sorted(by_person.items()):
        limit = people[pid].max_meetings
        if limit is not None and len(mids) > limit:
            reasons.append(reason("over_maximum", participant=pid, count=len(mids), limit=limit))
        union = set().union(*(allowed[mid] for mid in mids))
        if len(mids) > len(union):
            reasons.append(
                reason("too_few_slots", participant=pid, count=len(mids), usable=len(union))
            )
            continue
        for index, (first, last) in enumerate(problem.session_list(), start=1):
            inside = [mid for mid in mids if all(first <= s <= last for s in allowed[mid])]
            usable = {s for mid in inside for s in allowed[mid]}
            if len(inside) > len(usable):
                reasons.append(
                    reason(
                        "too_few_slots_in_session",
                        participant=pid,
                        count=len(inside),
                        session=index,
                        usable=len(usable),
                    )
                )
    free_tables = problem.n_tables - len(problem.reserved_tables)
    fixed_free: dict[int, list[int]] = defaultdict(list)
    fixed_at: dict[tuple[int, int], list[int]] = defaultdict(list)
    fixed_person: dict[tuple[int, int], list[int]] = defaultdict(list)
    for mid, m in mandatory.items():
        if m.slot is None:
            continue
        table = problem.meeting_table(m)
        if table is None or table not in problem.reserved_tables:
            fixed_free[m.slot].append(mid)
        if table is not None:
            fixed_at[(m.slot, table)].append(mid)
        for pid in m.participants:
            fixed_person[(m.slot, pid)].append(mid)
    for slot, mids in sorted(fixed_free.items()):
        if len(mids) > free_tables:
            reasons.append(
                reason(
                    "fixed_over_tables",
                    slot=slot,
                    count=len(mids),
                    tables=free_tables,
                    meetings=tuple(sorted(mids)),
                )
            )
    for (slot, table), mids in sorted(fixed_at.items()):
        if len(mids) > 1:
            reasons.append(
                reason("fixed_same_table", meetings=tuple(sorted(mids)), slot=slot, table=table)
            )
    for (slot, pid), mids in sorted(fixed_person.items()):
        if len(mids) > 1:
            reasons.append(
                reason(
                    "fixed_same_participant",
                    participant=pid,
                    meetings=tuple(sorted(mids)),
                    slot=slot,
                )
            )
    unstanded = [m for m in mandatory.values() if problem.meeting_table(m) is None]
    if len(unstanded) > free_tables * problem.n_slots:
        reasons.append(
            reason(
                "over_capacity",
                count=len(unstanded),
                tables=free_tables,
                slots=problem.n_slots,
                capacity=free_tables * problem.n_slots,
            )
        )
    cycle = _precedence_cycle(problem, mandatory)
    if cycle is not None:
        reasons.append(reason("precedence_cycle", cycle=tuple(cycle)))
    else:
        earliest = earliest_slots(problem, mandatory, allowed)
        for mid, first_slot in earliest.items():
            if first_slot is None and allowed[mid]:
                reasons.append(
                    reason("unreachable_after", meeting=mid, before=tuple(mandatory[mid].after))
                )
    return reasons


def earliest_slots(
    problem: Problem, mandatory: dict[int, Meeting], allowed: dict[int, list[int]]
) -> dict[int, int | None]:
    """Earliest slot of each mandatory meeting given its mandatory predecessors (acyclic)."""
    earliest: dict[int, int | None] = {}

    def visit(mid: int) -> int | None:
        if mid in earliest:
            return earliest[mid]
        floor: int = 1
        for pred in mandatory[mid].after:
            if pred in mandatory:
                pred_slot = visit(pred)
                if pred_slot is None:
                    earliest[mid] = None
                    return None
                floor = max(floor, int(pred_slot) + 1)
        earliest[mid] = next((s for s in allowed[mid] if s >= floor), None)
        return earliest[mid]

    for mid in sorted(mandatory):
        visit(mid)
    return earliest
