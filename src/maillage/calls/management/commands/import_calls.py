"""``maillage import_calls FILE.json`` and ``maillage import_calls --fetch [FILE.json]``.

Reads a saved answer of the EU Funding & Tenders portal's search API (or fetches one, page by
page, and saves it to FILE.json when given) and stores its calls, idempotent by reference:
prints ``created N, updated M, unchanged K``. Any problem in the answer is printed on stderr
(each naming its line or its result) with exit code 2, and nothing is written.
"""

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from maillage.calls.fetching import PORTAL_SEARCH_URL, FetchError, fetch_portal_answer
from maillage.calls.portal import PortalFormatError
from maillage.calls.services.portal_import import import_portal_answer

_BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Import calls from a saved answer of the EU Funding & Tenders portal's search API "
        "(or fetch one with --fetch); idempotent by reference, all or nothing."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "file",
            type=Path,
            nargs="?",
            metavar="FILE.json",
            help="the saved answer to import (with --fetch: where to save the fetched answer)",
        )
        parser.add_argument(
            "--fetch", action="store_true", help="fetch the answer from the portal's search API"
        )
        parser.add_argument("--url", default=PORTAL_SEARCH_URL, help="search API address")
        parser.add_argument("--text", default="***", help="words to search (*** for all)")
        parser.add_argument(
            "--query", help="the search's JSON filter (default: forthcoming and open calls)"
        )
        parser.add_argument("--page-size", type=int, default=50, help="results per page")
        parser.add_argument("--max-pages", type=int, default=40, help="pages to fetch at most")

    def handle(self, *args: Any, **options: Any) -> None:
        # The command line speaks English, as the command's own messages do.
        with translation.override("en"):
            self._import(options)

    def _import(self, options: dict[str, Any]) -> None:
        path: Path | None = options["file"]
        if options["fetch"]:
            data = self._fetch(options)
            if path is not None:
                path.write_bytes(data)
                self.stdout.write(f"Saved the answer to {path}.")
        elif path is None:
            raise CommandError("Give the FILE.json to import, or --fetch.", returncode=_BAD_INPUT)
        else:
            data = self._read(path)
        try:
            counts = import_portal_answer(data=data)
        except PortalFormatError as error:
            for message in error.errors:
                self.stderr.write(message)
            raise CommandError(
                "The answer has errors; nothing was imported.", returncode=_BAD_INPUT
            ) from None
        self.stdout.write(str(counts))

    @staticmethod
    def _read(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"Cannot read {path}: {error.strerror}.", returncode=_BAD_INPUT
            ) from None

    def _fetch(self, options: dict[str, Any]) -> bytes:
        query = None
        if options["query"]:
            try:
                query = json.loads(options["query"])
            except ValueError as error:
                raise CommandError(f"--query is not JSON: {error}", returncode=_BAD_INPUT) from None
        if options["page_size"] < 1 or options["max_pages"] < 1:
            raise CommandError(
                "--page-size and --max-pages must be at least 1.", returncode=_BAD_INPUT
            )

        def report(pages: int, fetched: int, total: int) -> None:
            self.stdout.write(f"page {pages}: {fetched} of {total} results")

        try:
            answer = fetch_portal_answer(
                url=options["url"],
                text=options["text"],
                query=query,
                page_size=options["page_size"],
                max_pages=options["max_pages"],
                progress=report,
            )
        except FetchError as error:
            raise CommandError(str(error), returncode=_BAD_INPUT) from None
        return json.dumps(answer, ensure_ascii=False, indent=1).encode("utf-8")
