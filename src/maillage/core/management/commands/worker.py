"""``maillage worker``: the database worker that runs background tasks, and beside it the
periodic runner that enqueues the project's periodic jobs (``core.periodic``).

It takes every option of ``db_worker`` (``--batch``, ``--interval``, ...). Due jobs are enqueued
once before the worker starts, so ``maillage worker --batch`` also runs whatever is due and stops
(what a cron entry needs); then a thread keeps enqueuing them while the worker runs.
"""

import os
import threading
from argparse import ArgumentParser
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from maillage.core.periodic import run_due_jobs, run_forever


class Command(DatabaseWorkerCommand):
    help = "Run background tasks (the database worker) and enqueue periodic jobs when due."

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--no-periodic",
            action="store_false",
            dest="periodic",
            help="run tasks only; leave periodic jobs to another runner (`maillage periodic`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        periodic = options.pop("periodic", True)
        # With --reload, Django restarts this command in a child process; only the child (or a
        # worker without reload) runs the jobs, never the parent that merely watches files.
        watcher = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if periodic and not watcher:
            run_due_jobs()
            if not options.get("batch"):
                threading.Thread(
                    target=run_forever, args=(threading.Event(),), name="periodic", daemon=True
                ).start()
        super().handle(*args, **options)
