"""A value kept per process and rebuilt when the data under it changed (in-memory indexes)."""

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any


class Rebuilt[T]:
    """``get()`` returns the value ``build(fingerprint)`` made, rebuilt when ``fingerprint()``
    (cheap: counts, highest ids, latest edits) changes or the value is older than ``max_age``
    seconds (changes another process made that the fingerprint cannot see). Threads share it;
    one of them rebuilds while the others wait."""

    def __init__(
        self,
        build: Callable[[tuple[Hashable, ...]], T],
        fingerprint: Callable[[], tuple[Hashable, ...]],
        *,
        max_age: float,
    ) -> None:
        self._build = build
        self._fingerprint = fingerprint
        self._max_age = max_age
        self._lock = threading.Lock()
        self._current: tuple[T, tuple[Hashable, ...], float] | None = None

    def _fresh(self, fingerprint: tuple[Hashable, ...]) -> T | None:
        current = self._current
        if current is None:
            return None
        value, seen, built_at = current
        if seen != fingerprint or time.monotonic() - built_at >= self._max_age:
            return None
        return value

    def get(self) -> T:
        fingerprint = self._fingerprint()
        value = self._fresh(fingerprint)
        if value is not None:
            return value
        with self._lock:
            value = self._fresh(fingerprint)
            if value is None:
                value = self._build(fingerprint)
                self._current = (value, fingerprint, time.monotonic())
        return value

    @property
    def seen(self) -> tuple[Hashable, ...] | None:
        """The fingerprint the current value was built for (None: no value)."""
        current = self._current
        return None if current is None else current[1]

    def invalidate(self, **_signal: Any) -> None:
        """Drop the value (a signal receiver: saves seen by this process)."""
        self._current = None
