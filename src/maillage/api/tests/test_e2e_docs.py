"""End to end, in a real Chromium: the API's documentation page renders the whole OpenAPI
document without a parser error (a duplicated key once broke it)."""

from typing import Any

import pytest

from maillage.core.tests.test_e2e_directory import (
    CHROMIUM,
    chromium_page,
    plain_static_files,  # noqa: F401  (fixture)
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (/usr/bin/chromium)"),
]


def test_api_docs_page_renders_without_parser_error(
    plain_static_files: None,  # noqa: F811  (the imported fixture, requested by name)
    transactional_db: None,
    live_server: Any,
) -> None:
    with chromium_page() as page:
        page.goto(f"{live_server.url}/api/v1/docs")
        # Swagger UI renders either the operations or its error box.
        page.locator(".opblock-summary-path, .errors-wrapper").first.wait_for()
        text = page.locator("body").inner_text()
        errors = page.locator(".errors-wrapper").count()
        agenda = page.locator(
            ".opblock-summary-path",
            has_text="/api/v1/events/{slug}/registrations/{registration_id}/agenda.ics",
        ).count()
    assert "Parser error" not in text
    assert errors == 0
    assert agenda == 1
