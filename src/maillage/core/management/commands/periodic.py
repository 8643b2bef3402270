"""``maillage periodic [--once]``: enqueue the project's periodic jobs when they are due."""

import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from maillage.core.periodic import registered_jobs, run_due_jobs, run_forever


class Command(BaseCommand):
    help = (
        "Enqueue each periodic job (declared in the apps' periodic.py) when its period has "
        "elapsed; the worker runs them. `maillage worker` already runs this beside the worker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="one pass, then stop (for cron or systemd timers)"
        )
        parser.add_argument("--list", action="store_true", help="list the jobs and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for job in registered_jobs():
                self.stdout.write(f"{job.name}  every {job.interval}")
            return
        if options["once"]:
            for name in run_due_jobs():
                self.stdout.write(f"enqueued {name}")
            return
        stop = threading.Event()
        try:
            run_forever(stop)
        except KeyboardInterrupt:
            stop.set()
