"""``maillage screenshots --base-url URL --output DIR``: the screenshot tour of a running demo."""

from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.request import urlopen

from django.core.management.base import BaseCommand, CommandError, CommandParser

from maillage.core.screenshots import TourError, demo_tour, take_screenshots


class Command(BaseCommand):
    help = (
        "Screenshot the main pages of a running demo (`make demo`) as each demo role, at desktop "
        "and phone widths, into DIR with an index.html (needs the dev extras and Chromium)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="the demo's URL")
        parser.add_argument("--output", type=Path, required=True, help="folder for the images")

    def handle(self, *args: Any, **options: Any) -> None:
        base_url = options["base_url"].rstrip("/")
        try:
            with urlopen(f"{base_url}/healthz", timeout=10):  # noqa: S310 - the operator's URL
                pass
        except (URLError, OSError, ValueError) as error:
            raise CommandError(
                f"no Maillage answers at {base_url} ({error}); start it with `make demo`.",
                returncode=2,
            ) from None
        try:
            shots = take_screenshots(
                base_url, demo_tour(), options["output"], progress=self.stdout.write
            )
        except TourError as error:
            raise CommandError(str(error), returncode=2) from None
        self.stdout.write(f"{len(shots)} screenshots in {options['output']}/ (open index.html)")
