"""The best-effort, throttled progress writer of background jobs."""

import threading

import pytest
from django.db import DatabaseError, connections

from maillage.core import progress as progress_module
from maillage.core.progress import progress_writer


def test_writes_are_throttled_but_the_last_always_lands(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 0.1, 0.2, 0.7, 0.8])
    monkeypatch.setattr(progress_module.time, "monotonic", lambda: next(clock))
    written: list[tuple[float, str]] = []
    write = progress_writer(lambda fraction, stage: written.append((fraction, stage)))
    write(0.1, "a")  # t=0.0: first write
    write(0.2, "b")  # t=0.1: too soon
    write(0.3, "c")  # t=0.2: too soon
    write(1.5, "d")  # t=0.7: due, and clamped to 1.0
    write(1.0, "e")  # t=0.8: too soon, but the end is always written
    assert written == [(0.1, "a"), (1.0, "d"), (1.0, "e")]


def test_a_failed_write_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    def fail(fraction: float, stage: str) -> None:
        raise DatabaseError("database table is locked")

    progress_writer(fail)(0.5, "solving")
    assert "progress not saved (50 %: solving)" in caplog.text


@pytest.mark.django_db(transaction=True)
def test_a_write_from_a_solver_thread_closes_that_threads_connection() -> None:
    seen: list[object] = []

    def write_row(fraction: float, stage: str) -> None:
        wrapper = connections["default"]  # this thread's own
        wrapper.ensure_connection()
        seen.append(wrapper)

    write = progress_writer(write_row)
    thread = threading.Thread(target=write, args=(0.5, "solving"))
    thread.start()
    thread.join()
    (wrapper,) = seen
    assert wrapper is not connections["default"]
    # Closed after the write. (Django never closes an in-memory SQLite database, the test
    # database on SQLite, so this is checked by the PostgreSQL pass.)
    assert wrapper.connection is None or wrapper.is_in_memory_db()
