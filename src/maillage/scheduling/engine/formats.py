"""Readers and writers: the published ``.dzn`` instances and the engine's own JSON format.

The JSON problem format is documented in ``docs/scheduling.md``. Every reader validates what it
builds and raises ``ProblemError`` with a one-line message naming the culprit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .model import Meeting, Participant, Problem, ProblemError, Result, validate_problem

FORMAT = "maillage-b2b/1"

_STATEMENT = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$", re.DOTALL)
_SET = re.compile(r"\{([^{}]*)\}")


def _ints(text: str, where: str) -> list[int]:
    values: list[int] = []
    for raw in text.split(","):
        token = raw.strip()
        if not token:
            continue
        if ".." in token:
            low, high = token.split("..", 1)
            values.extend(range(_int(low, where), _int(high, where) + 1))
        else:
            values.append(_int(token, where))
    return values


def _int(token: str, where: str) -> int:
    try:
        return int(token.strip())
    except ValueError:
        raise ProblemError(f"{where}: {token.strip()!r} is not an integer") from None


def parse_dzn_fields(text: str) -> dict[str, Any]:
    """Parse MiniZinc data: ints, int arrays, 2-D int arrays and arrays of int sets."""
    text = "\n".join(line.split("%", 1)[0] for line in text.splitlines())
    fields: dict[str, Any] = {}
    for statement in text.split(";"):
        if not statement.strip():
            continue
        match = _STATEMENT.match(statement)
        if match is None:
            raise ProblemError(f"unreadable .dzn statement: {statement.strip()[:60]!r}")
        name, value = match.group(1), match.group(2).strip()
        if value.startswith("[|"):
            body = value[2:].rstrip()
            body = body.removesuffix("]").rstrip().removesuffix("|")
            fields[name] = [_ints(row, name) for row in body.split("|") if row.strip(" ,\n\t")]
        elif value.startswith("[") and "{" in value:
            fields[name] = [_ints(body, name) for body in _SET.findall(value)]
        elif value.startswith("["):
            fields[name] = _ints(value.strip("[] \n\t"), name)
        else:
            fields[name] = _int(value, name)
    return fields


def _need(fields: dict[str, Any], name: str) -> Any:
    if name not in fields:
        raise ProblemError(f".dzn file lacks {name}")
    return fields[name]


def read_dzn(text: str, *, name: str = "", fairness: int | None = 2) -> Problem:  # noqa: PLR0912
    """Build a problem from a published instance: all meetings mandatory, fairness d.

    The redundant ``meetingsxBusiness``/``nMeetingsBusiness`` arrays are ignored; the dummy 0 in
    ``forbidden`` and any 0 in ``precedences`` are dropped.
    """
    fields = parse_dzn_fields(text)
    n_people = _need(fields, "nBusiness")
    n_meetings = _need(fields, "nMeetings")
    n_tables = _need(fields, "nTables")
    n_slots = _need(fields, "nTotalSlots")
    n_morning = fields.get("nMorningSlots", n_slots)
    requested = _need(fields, "requested")
    if not all(isinstance(v, int) for v in (n_people, n_meetings, n_tables, n_slots, n_morning)):
        raise ProblemError(".dzn sizes must be integers")
    if len(requested) != n_meetings:
        raise ProblemError(f"requested has {len(requested)} rows, nMeetings says {n_meetings}")
    if not 0 <= n_morning <= n_slots:
        raise ProblemError(f"nMorningSlots {n_morning} is not in 0..{n_slots}")
    sessions: tuple[tuple[int, int], ...]
    if 0 < n_morning < n_slots:
        sessions = ((1, n_morning), (n_morning + 1, n_slots))
    else:
        sessions = ((1, n_slots),)
    forbidden = fields.get("forbidden", [[] for _ in range(n_people)])
    if len(forbidden) != n_people:
        raise ProblemError(f"forbidden has {len(forbidden)} entries, nBusiness says {n_people}")
    fixed = fields.get("fixed", [0] * n_meetings)
    if len(fixed) != n_meetings:
        raise ProblemError(f"fixed has {len(fixed)} entries, nMeetings says {n_meetings}")
    precedences = fields.get("precedences", [[] for _ in range(n_meetings)])
    if len(precedences) != n_meetings:
        raise ProblemError(
            f"precedences has {len(precedences)} entries, nMeetings says {n_meetings}"
        )
    participants = tuple(
        Participant(id=i + 1, forbidden=frozenset(s for s in forbidden[i] if s != 0))
        for i in range(n_people)
    )
    meetings: list[Meeting] = []
    for i, row in enumerate(requested):
        if len(row) != 3:
            raise ProblemError(f"meeting {i + 1}: requested row {row} does not have 3 values")
        a, b, kind = row
        session: int | None
        if kind == 3:
            session = None
        elif kind in (1, 2):
            # Afternoon-only without an afternoon becomes session 2, which validation reports.
            session = kind if len(sessions) > 1 or kind == 2 else None
        else:
            raise ProblemError(f"meeting {i + 1}: session code {kind} is not 1, 2 or 3")
        meetings.append(
            Meeting(
                id=i + 1,
                a=a,
                b=b,
                session=session,
                slot=fixed[i] or None,
                after=tuple(sorted({p for p in precedences[i] if p != 0})),
            )
        )
    problem = Problem(
        n_slots=n_slots,
        n_tables=n_tables,
        participants=participants,
        meetings=tuple(meetings),
        sessions=sessions,
        all_mandatory=True,
        fairness=fairness,
        name=name,
    )
    validate_problem(problem)
    return problem


def _get_int_or_none(data: dict[str, Any], key: str, where: str) -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise ProblemError(f"{where}: {key} must be an integer")
    return value


def _get_int_list(data: dict[str, Any], key: str, where: str) -> list[int]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in value
    ):
        raise ProblemError(f"{where}: {key} must be a list of integers")
    return value


def problem_from_dict(data: Any) -> Problem:
    """Build a problem from the engine's JSON format (already parsed)."""
    if not isinstance(data, dict):
        raise ProblemError("the JSON problem must be an object")
    try:
        n_slots = _get_int_or_none(data, "slots", "problem")
        n_tables = _get_int_or_none(data, "tables", "problem")
        if n_slots is None or n_tables is None:
            raise ProblemError("problem: slots and tables are required")
        sessions = tuple((int(s[0]), int(s[1])) for s in data.get("sessions", []))
        participants = tuple(
            Participant(
                id=int(p["id"]),
                name=str(p.get("name", "")),
                forbidden=frozenset(_get_int_list(p, "forbidden", f"participant {p['id']}")),
                max_meetings=_get_int_or_none(p, "max_meetings", f"participant {p['id']}"),
                table=_get_int_or_none(p, "table", f"participant {p['id']}"),
            )
            for p in data.get("participants", [])
        )
        meetings: list[Meeting] = []
        for m in data.get("meetings", []):
            where = f"meeting {m.get('id')}"
            pair = m["participants"]
            if not isinstance(pair, list) or len(pair) != 2:
                raise ProblemError(f"{where}: participants must be a pair of ids")
            meetings.append(
                Meeting(
                    id=int(m["id"]),
                    a=int(pair[0]),
                    b=int(pair[1]),
                    weight=int(m.get("weight", 1)),
                    session=_get_int_or_none(m, "session", where),
                    slot=_get_int_or_none(m, "slot", where),
                    table=_get_int_or_none(m, "table", where),
                    after=tuple(_get_int_list(m, "after", where)),
                )
            )
        problem = Problem(
            n_slots=n_slots,
            n_tables=n_tables,
            participants=participants,
            meetings=tuple(meetings),
            sessions=sessions,
            reserved_tables=frozenset(_get_int_list(data, "reserved_tables", "problem")),
            all_mandatory=bool(data.get("all_mandatory", False)),
            fairness=_get_int_or_none(data, "fairness", "problem"),
            name=str(data.get("name", "")),
        )
    except (KeyError, TypeError, ValueError, IndexError) as error:
        if isinstance(error, ProblemError):
            raise
        raise ProblemError(f"malformed JSON problem: {error!r}") from None
    validate_problem(problem)
    return problem


def problem_to_dict(problem: Problem) -> dict[str, Any]:
    """The JSON form of a problem (inverse of ``problem_from_dict``)."""
    data: dict[str, Any] = {
        "format": FORMAT,
        "name": problem.name,
        "slots": problem.n_slots,
        "sessions": [list(s) for s in problem.session_list()],
        "tables": problem.n_tables,
        "reserved_tables": sorted(problem.reserved_tables),
        "all_mandatory": problem.all_mandatory,
        "fairness": problem.fairness,
        "participants": [],
        "meetings": [],
    }
    for p in problem.participants:
        entry: dict[str, Any] = {"id": p.id}
        if p.name:
            entry["name"] = p.name
        if p.forbidden:
            entry["forbidden"] = sorted(p.forbidden)
        if p.max_meetings is not None:
            entry["max_meetings"] = p.max_meetings
        if p.table is not None:
            entry["table"] = p.table
        data["participants"].append(entry)
    for m in problem.meetings:
        item: dict[str, Any] = {"id": m.id, "participants": [m.a, m.b], "weight": m.weight}
        for key, value in (("session", m.session), ("slot", m.slot), ("table", m.table)):
            if value is not None:
                item[key] = value
        if m.after:
            item["after"] = list(m.after)
        data["meetings"].append(item)
    return data


def read_problem(path: Path, *, fairness: int | None = None) -> Problem:
    """Read a ``.dzn`` or JSON problem file; ``fairness`` overrides the file's (``.dzn``: 2)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ProblemError(f"cannot read {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ProblemError(f"cannot read {path}: not UTF-8 text") from None
    if path.suffix == ".dzn":
        return read_dzn(text, name=path.name, fairness=2 if fairness is None else fairness)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ProblemError(f"{path}: not valid JSON ({error.msg} at line {error.lineno})") from None
    problem = problem_from_dict(data)
    if fairness is not None:
        problem = Problem(
            n_slots=problem.n_slots,
            n_tables=problem.n_tables,
            participants=problem.participants,
            meetings=problem.meetings,
            sessions=problem.sessions,
            reserved_tables=problem.reserved_tables,
            all_mandatory=problem.all_mandatory,
            fairness=fairness,
            name=problem.name,
        )
    return problem


def result_to_dict(problem: Problem, result: Result) -> dict[str, Any]:
    """The CLI's output JSON (the exact contract of issue 3)."""
    meetings = problem.meetings_by_id
    return {
        "status": str(result.status),
        "breaks": result.breaks,
        "lower_bound": result.lower_bound,
        "unscheduled": len(result.unscheduled),
        "seconds": round(result.seconds, 3),
        "meetings": [
            {
                "id": p.meeting,
                "participants": [meetings[p.meeting].a, meetings[p.meeting].b],
                "slot": p.slot,
                "table": p.table,
            }
            for p in sorted(result.placements, key=lambda p: p.meeting)
        ],
    }
