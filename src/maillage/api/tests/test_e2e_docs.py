"""End to end, in a real Chromium: the API's documentation page renders the whole OpenAPI
document without a parser error (a duplicated key once broke it)."""

from typing import Any

from maillage.core.tests.browser import E2E, chromium_page

pytestmark = E2E


def test_api_docs_page_renders_without_parser_error(
    plain_static_files: None,
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
