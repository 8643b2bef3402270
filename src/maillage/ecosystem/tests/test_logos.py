"""Organisation logos: checked, resized and re-encoded server-side; uploaded and removed by the
organisation's editors only; shown on the pages and in the API."""

from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from maillage.audit.models import AuditEvent
from maillage.conftest import Cast
from maillage.core.errors import ValidationFailed
from maillage.ecosystem.demo_logos import draw_network_logos, initials
from maillage.ecosystem.logos import MAX_BYTES, prepare_logo
from maillage.ecosystem.models import Organisation

pytestmark = pytest.mark.django_db
OnCommit = Callable[..., Any]


@pytest.fixture(autouse=True)
def _english() -> object:
    with translation.override("en"):
        yield


def image_bytes(
    size: tuple[int, int] = (800, 400), image_format: str = "PNG", **options: Any
) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, "#1f4e8c").save(out, format=image_format, **options)
    return out.getvalue()


def refusal(data: bytes, *, size: int | None = None) -> str:
    with pytest.raises(ValidationFailed) as caught:
        prepare_logo(BytesIO(data), size=len(data) if size is None else size)
    return caught.value.errors["logo"][0]


def dimensions(data: bytes) -> tuple[int, int]:
    with Image.open(BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


def test_prepare_logo_resizes_within_256_and_64_keeping_the_ratio() -> None:
    prepared = prepare_logo(BytesIO(image_bytes((800, 400))), size=1000)
    assert dimensions(prepared.logo) == (256, 128)
    assert dimensions(prepared.thumbnail) == (64, 32)


def test_prepare_logo_keeps_a_small_logo_small() -> None:
    prepared = prepare_logo(BytesIO(image_bytes((40, 20), "WEBP")), size=1000)
    assert dimensions(prepared.logo) == (40, 20)


def test_prepare_logo_drops_metadata() -> None:
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription
    data = image_bytes((300, 300), "JPEG", exif=exif.tobytes())
    prepared = prepare_logo(BytesIO(data), size=len(data))
    assert b"secret description" in data
    assert b"secret description" not in prepared.logo
    with Image.open(BytesIO(prepared.logo)) as image:
        assert "exif" not in image.info


def test_prepare_logo_neutralises_a_polyglot_file() -> None:
    data = image_bytes((100, 100)) + b"<script>alert(1)</script>"
    prepared = prepare_logo(BytesIO(data), size=len(data))
    assert b"<script" not in prepared.logo + prepared.thumbnail


def test_prepare_logo_refuses_a_file_that_is_not_an_image() -> None:
    assert refusal(b"%PDF-1.4 not an image") == "The file is not an image, or it is damaged."


def test_prepare_logo_refuses_a_damaged_image() -> None:
    assert refusal(image_bytes()[:60]) == "The file is not an image, or it is damaged."


def test_prepare_logo_refuses_another_image_format() -> None:
    assert refusal(image_bytes((50, 50), "GIF")) == "The logo must be a PNG, JPEG or WebP image."


def test_prepare_logo_refuses_a_file_too_large() -> None:
    assert refusal(image_bytes(), size=MAX_BYTES + 1) == "The logo is too large: 2 MB at most."


def test_prepare_logo_refuses_a_decompression_bomb_from_its_header() -> None:
    data = image_bytes((5000, 5000))  # 25 megapixels in a few kilobytes
    assert len(data) < 100_000
    assert refusal(data) == "The logo has too many pixels: 4000 × 4000 at most."


def logo_url(organisation: Organisation) -> str:
    return reverse("ecosystem:organisation_logo", args=[organisation.slug])


def upload(data: bytes, name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def media(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / name


def test_editor_uploads_a_logo_shown_on_the_pages_and_in_the_api(
    client: Client, cast: Cast
) -> None:
    client.force_login(cast.alice)
    response = client.post(logo_url(cast.alice_org), {"logo": upload(image_bytes())})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "ecosystem:organisation_edit", args=[cast.alice_org.slug]
    )
    organisation = Organisation.objects.get(pk=cast.alice_org.pk)
    assert dimensions(media(organisation.logo.name).read_bytes()) == (256, 128)
    assert dimensions(media(organisation.logo_thumbnail.name).read_bytes()) == (64, 32)
    detail = client.get(reverse("ecosystem:organisation_detail", args=[organisation.slug]))
    assert f'src="{organisation.logo.url}"' in detail.content.decode()
    directory = client.get(reverse("ecosystem:organisation_list"))
    assert f'src="{organisation.logo_thumbnail.url}"' in directory.content.decode()
    api = client.get(f"/api/v1/organisations/{organisation.slug}").json()
    assert api["logo_url"] == f"{settings.SITE_URL}/media/{organisation.logo.name}"
    assert api["logo_thumbnail_url"] == f"{settings.SITE_URL}{organisation.logo_thumbnail.url}"
    served = client.get(organisation.logo.url)
    served.close()
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_member_who_may_not_edit_gets_403(client: Client, cast: Cast) -> None:
    client.force_login(cast.bob)
    response = client.post(logo_url(cast.alice_org), {"logo": upload(image_bytes())})
    assert response.status_code == 403
    assert Organisation.objects.get(pk=cast.alice_org.pk).logo.name == ""


def test_outsider_gets_403_and_cannot_remove(client: Client, cast: Cast) -> None:
    client.force_login(cast.charlie)
    response = client.post(logo_url(cast.alice_org), {"remove": "1"})
    assert response.status_code == 403


def test_anonymous_upload_goes_to_the_login_page(client: Client, cast: Cast) -> None:
    response = client.post(logo_url(cast.alice_org), {"logo": upload(image_bytes())})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_refused_upload_says_why_and_keeps_the_old_logo(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: OnCommit
) -> None:
    client.force_login(cast.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(logo_url(cast.alice_org), {"logo": upload(image_bytes())})
    old = Organisation.objects.get(pk=cast.alice_org.pk).logo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            logo_url(cast.alice_org),
            {"logo": upload(b"<html>not an image</html>", "logo.png")},
            headers={"accept-language": "en"},
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file is not an image, or it is damaged." in html
    assert 'class="error-summary"' in html
    assert Organisation.objects.get(pk=cast.alice_org.pk).logo.name == old
    assert media(old).exists()


def test_new_logo_replaces_the_old_files(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: OnCommit
) -> None:
    client.force_login(cast.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(logo_url(cast.alice_org), {"logo": upload(image_bytes())})
    first = Organisation.objects.get(pk=cast.alice_org.pk)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(logo_url(cast.alice_org), {"logo": upload(image_bytes((100, 100)))})
    second = Organisation.objects.get(pk=cast.alice_org.pk)
    assert second.logo.name != first.logo.name
    assert not media(first.logo.name).exists()
    assert not media(first.logo_thumbnail.name).exists()
    assert dimensions(media(second.logo.name).read_bytes()) == (100, 100)


def test_editor_removes_the_logo(
    client: Client, cast: Cast, django_capture_on_commit_callbacks: OnCommit
) -> None:
    client.force_login(cast.alice)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(logo_url(cast.alice_org), {"logo": upload(image_bytes())})
    files = Organisation.objects.get(pk=cast.alice_org.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(logo_url(cast.alice_org), {"remove": "1"})
    assert response.status_code == 302
    organisation = Organisation.objects.get(pk=cast.alice_org.pk)
    assert (organisation.logo.name, organisation.logo_thumbnail.name) == ("", "")
    assert not media(files.logo.name).exists()
    assert not media(files.logo_thumbnail.name).exists()
    api = client.get(f"/api/v1/organisations/{organisation.slug}").json()
    assert api["logo_url"] is None


def test_logo_changes_are_in_the_audit_trail_refusals_are_not(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    client.post(logo_url(cast.alice_org), {"logo": upload(image_bytes())})
    client.post(logo_url(cast.alice_org), {"logo": upload(b"not an image")})
    client.post(logo_url(cast.alice_org), {"remove": "1"})
    client.force_login(cast.charlie)
    client.post(logo_url(cast.alice_org), {"remove": "1"})
    events = AuditEvent.objects.filter(action__startswith="logo.").order_by("pk")
    assert [(e.action, e.actor_email, e.target_type, e.target_id) for e in events] == [
        ("logo.changed", cast.alice.email, "ecosystem.organisation", str(cast.alice_org.pk)),
        ("logo.removed", cast.alice.email, "ecosystem.organisation", str(cast.alice_org.pk)),
    ]


def test_edit_page_offers_the_logo_form_to_editors(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    html = client.get(
        reverse("ecosystem:organisation_edit", args=[cast.alice_org.slug])
    ).content.decode()
    assert f'action="{logo_url(cast.alice_org)}" enctype="multipart/form-data"' in html
    assert 'accept="image/png,image/jpeg,image/webp"' in html


@pytest.mark.parametrize(
    ("name", "expected"),
    [("MecaTech", "MT"), ("Wagralim", "WA"), ("Logistics in Wallonia", "LIW"), ("", "?")],
)
def test_initials_of_demo_logos(name: str, expected: str) -> None:
    assert initials(name) == expected


def test_demo_draws_a_logo_for_each_network_only(cast: Cast) -> None:
    assert draw_network_logos() == 2
    cluster = Organisation.objects.get(pk=cast.cluster.pk)
    assert dimensions(media(cluster.logo.name).read_bytes()) == (256, 256)
    assert Organisation.objects.get(pk=cast.alice_org.pk).logo.name == ""
    assert draw_network_logos() == 0
