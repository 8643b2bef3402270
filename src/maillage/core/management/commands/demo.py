"""``maillage demo [--port N] [--fresh]``: the whole platform with demo data, in one command."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.core import demo


class Command(BaseCommand):
    help = (
        "Prepare the data folder, load the demo data when the database is empty, create one "
        "account per role, start the background worker (with the periodic jobs) and serve on "
        "127.0.0.1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
        parser.add_argument(
            "--fresh", action="store_true", help="delete the demo database first, without asking"
        )
        parser.add_argument(
            "--population",
            type=int,
            default=2000,
            help="synthetic organisations generated for an empty database (2000)",
        )
        parser.add_argument(
            "--no-serve",
            action="store_true",
            help="prepare the data and the accounts, then stop (for scripts and benchmarks)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        port: int = options["port"]
        if not 1 <= port <= 65535:
            raise CommandError(f"--port must be between 1 and 65535, got {port}.", returncode=2)
        if options["population"] < 0:
            raise CommandError("--population must be zero or more.", returncode=2)
        if not options["no_serve"] and not demo.port_is_free(options["host"], port):
            raise CommandError(
                f"{options['host']}:{port} is already in use; choose another port with --port.",
                returncode=2,
            )
        self.stdout.write(f"Data folder: {settings.DATA_DIR}")
        demo.use_site_url(host=options["host"], port=port)
        if options["fresh"]:
            wiped = demo.wipe_sqlite_database()
            self.stdout.write(f"Fresh start: removed {wiped}" if wiped else "Fresh start: flushed")
        self.stdout.write("Migrating and collecting static files...")
        demo.prepare_database()
        if demo.load_demo_data(population=options["population"]):
            self.stdout.write(
                f"Loaded the Walloon seed data and {options['population']} synthetic organisations."
            )
        accounts = demo.ensure_demo_accounts()
        live = demo.load_live_edition()
        if live is not None:
            self.stdout.write(
                f"Live edition {live.event.name}: {live.participants} participants, "
                f"{live.requests} meeting requests ({live.accepted} accepted), "
                f"{live.meetings} meetings scheduled and published."
            )
        for line in demo.load_app_demos():
            self.stdout.write(line)
        url = f"http://{options['host']}:{port}/"
        lines = [
            "",
            f"Maillage demo: {url}",
            "Demo logins (e-mail / password, demo only):",
            *(
                f"  {account.email:<34} {account.password:<22} {account.description}"
                for account in accounts
            ),
            demo.mail_summary(settings.MAIL_DIR),
        ]
        self.stdout.write("\n".join(lines))
        if options["no_serve"]:
            return
        with demo.background_worker():
            self.stdout.write("Background worker started. Press Ctrl-C to stop.")
            try:
                demo.serve(host=options["host"], port=port)
            except KeyboardInterrupt:
                self.stdout.write("Stopping.")
