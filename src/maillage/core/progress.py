"""Background jobs' status and progress, written to the job's row for the page that polls it."""

import logging
import threading
import time
from collections.abc import Callable

from django.db import DatabaseError, connection, models
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class JobStatus(models.TextChoices):
    """Where a background job stands; its model's ``Status``."""

    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


#: Told the fraction done (0..1) and what is being done.
Progress = Callable[[float, str], None]

#: Seconds between two writes: pages poll every second, and fewer writes keep SQLite free.
WRITE_INTERVAL = 0.5


def no_progress(fraction: float, stage: str) -> None:
    """The ``Progress`` of callers that show none (the command line, tests)."""


def progress_writer(write_row: Callable[[float, str], object]) -> Progress:
    """A ``Progress`` that calls ``write_row`` at most every ``WRITE_INTERVAL`` (and at 1.0).

    Solvers report from their own threads. Django opens one connection per thread and nobody
    would close those, so a write from another thread closes its connection afterwards.
    Progress is best effort: a write that fails (SQLite busy, say) is logged and dropped; it
    must never fail the job it reports on.
    """
    owner = threading.get_ident()
    lock = threading.Lock()
    last = -WRITE_INTERVAL

    def write(fraction: float, stage: str) -> None:
        nonlocal last
        fraction = max(0.0, min(1.0, fraction))
        with lock:
            now = time.monotonic()
            if now - last < WRITE_INTERVAL and fraction < 1.0:
                return
            last = now
        try:
            write_row(fraction, stage)
        except DatabaseError:
            logger.warning("progress not saved (%.0f %%: %s)", fraction * 100, stage, exc_info=True)
        finally:
            if threading.get_ident() != owner:
                connection.close()

    return write
