"""Useful / not-useful marks on suggestions, which later rankings take into account.

Effects (see :meth:`Matcher.suggest`): a pair marked not useful is never suggested again for that
query; a pair marked useful is kept near the top; and the query's dense vector moves towards the
profiles marked useful and away from those marked not useful (Rocchio), so similar candidates
rise or fall too.
"""

from __future__ import annotations

import json
from pathlib import Path


class FeedbackStore:
    """Marks per (query id, candidate id); the latest mark wins."""

    def __init__(self) -> None:
        self._marks: dict[str, dict[str, bool]] = {}

    def mark(self, query_id: str, candidate_id: str, *, useful: bool) -> None:
        self._marks.setdefault(query_id, {})[candidate_id] = useful

    def clear(self, query_id: str, candidate_id: str) -> None:
        self._marks.get(query_id, {}).pop(candidate_id, None)

    def marks_for(self, query_id: str) -> dict[str, bool]:
        return dict(self._marks.get(query_id, {}))

    def __len__(self) -> int:
        return sum(len(marks) for marks in self._marks.values())

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self._marks, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> FeedbackStore:
        store = cls()
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        for query_id, marks in raw.items():
            for candidate_id, useful in marks.items():
                store.mark(str(query_id), str(candidate_id), useful=bool(useful))
        return store
