"""End to end, in a real Chromium: a representative uploads her organisation's logo, sees it on
its page and on its directory card (served at its resized sizes), then removes it."""

from io import BytesIO
from typing import Any

from django.urls import reverse
from PIL import Image

from maillage.conftest import Cast
from maillage.core.tests.browser import E2E, chromium_page
from maillage.ecosystem.models import Organisation

pytestmark = E2E
PASSWORD = "logo-password-123"


def _png(size: tuple[int, int]) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, "#a12622").save(out, format="PNG")
    return out.getvalue()


def _natural_width(page: Any, selector: str) -> int:
    """The width of the image file as the browser decoded it (0: broken)."""
    image = page.locator(selector).first
    image.wait_for()
    # The directory cards' logos load lazily, after the page's load event: wait for this one.
    page.wait_for_function("img => img.complete", arg=image.element_handle(), timeout=10_000)
    return int(image.evaluate("img => img.naturalWidth"))


def test_representative_uploads_sees_and_removes_a_logo(
    plain_static_files: None, transactional_db: None, live_server: Any, cast: Cast
) -> None:
    cast.alice.set_password(PASSWORD)
    cast.alice.save(update_fields=["password"])
    slug = cast.alice_org.slug
    base = str(live_server.url)
    with chromium_page() as page:
        page.goto(f"{base}{reverse('accounts:login')}?next=/organisations/{slug}/edit/")
        login = page.locator("form:has(input[name=password])")
        login.locator("input[name=username]").fill(cast.alice.email)
        login.locator("input[name=password]").fill(PASSWORD)
        login.locator("[type=submit]").first.click()
        page.wait_for_url(f"{base}/organisations/{slug}/edit/")

        upload = page.locator("form:has(input[name=logo])")
        upload.locator("input[name=logo]").set_input_files(
            {"name": "logo.png", "mimeType": "image/png", "buffer": _png((600, 300))}
        )
        upload.locator("[type=submit]").click()
        page.wait_for_url(f"{base}/organisations/{slug}/edit/")
        page.wait_for_load_state("load")
        assert _natural_width(page, "#logo img.logo") == 256

        page.goto(f"{base}/organisations/{slug}/")
        page.wait_for_load_state("load")
        assert _natural_width(page, ".page-head img.logo") == 256
        page.goto(f"{base}/organisations/?q=Alice")
        page.wait_for_load_state("load")
        assert _natural_width(page, ".org-card img.logo") == 64

        page.goto(f"{base}/organisations/{slug}/edit/")
        page.locator("button[name=remove]").click()
        page.wait_for_url(f"{base}/organisations/{slug}/edit/")
        assert page.locator("#logo img").count() == 0
    assert Organisation.objects.get(slug=slug).logo.name == ""
