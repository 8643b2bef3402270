"""The web flow: upload -> preview -> confirm, for cluster managers only, CSRF enforced."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.conftest import Cast
from maillage.ecosystem.models import ImportBatch, Organisation
from maillage.ecosystem.tests.factories import UserFactory
from maillage.ecosystem.tests.import_helpers import (
    csv_bytes,
    english,
    fast_passwords,
    static_root,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("fast_passwords", "english", "static_root"),
]
__all__ = ["english", "fast_passwords", "static_root"]

GOOD = csv_bytes([["nom", "ville"], ["Epsilon SRL", "Namur"], ["Bob Logistics", ""]])
BAD = csv_bytes([["nom", "BCE"], ["Zeta", "0403.170.702"], ["", ""], ["x", ""], ["", "1"]])


@pytest.fixture(autouse=True)
def data_dir(settings: object, tmp_path: Path) -> Path:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    return tmp_path


def upload_url(cast: Cast) -> str:
    return reverse("ecosystem:member_import", args=[cast.cluster.slug])


def confirm_url(cast: Cast) -> str:
    return reverse("ecosystem:member_import_confirm", args=[cast.cluster.slug])


def english_client(user: User | None = None, **kwargs: bool) -> Client:
    client = Client(headers={"accept-language": "en"}, **kwargs)
    if user is not None:
        client.force_login(user)
    return client


def post_file(client: Client, cast: Cast, data: bytes, name: str = "membres.csv"):  # type: ignore[no-untyped-def]
    return client.post(upload_url(cast), {"file": SimpleUploadedFile(name, data)})


def test_import_page_manager_sees_form(cast: Cast, manager: User) -> None:
    response = english_client(manager).get(upload_url(cast))
    assert response.status_code == 200
    assert b'type="file"' in response.content
    assert b"<code>enterprise_number</code>" in response.content


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_import_page_refused_to_owner_member_outsider(cast: Cast, who: str) -> None:
    client = english_client(getattr(cast, who))
    before = Organisation.objects.count()
    assert client.get(upload_url(cast)).status_code == 403
    assert post_file(client, cast, GOOD).status_code == 403
    assert client.post(confirm_url(cast), {"token": "x" * 32}).status_code == 403
    assert Organisation.objects.count() == before


def test_import_page_anonymous_redirected_to_login(cast: Cast) -> None:
    client = english_client()
    response = client.get(upload_url(cast))
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={upload_url(cast)}"
    assert client.post(confirm_url(cast), {"token": "x" * 32}).status_code == 302


def test_import_page_not_a_network_is_404(cast: Cast, manager: User) -> None:
    url = reverse("ecosystem:member_import", args=[cast.alice_org.slug])
    assert english_client(manager).get(url).status_code == 404


def test_import_flow_preview_then_confirm(cast: Cast, manager: User, data_dir: Path) -> None:
    client = english_client(manager)
    before = Organisation.objects.count()
    response = post_file(client, cast, GOOD)
    assert response.status_code == 200
    preview = response.context["preview"]
    assert preview.counts == {"create": 1, "update": 0, "membership": 0, "unchanged": 1}
    assert Organisation.objects.count() == before  # the preview writes nothing
    token = response.context["token"]
    assert sorted(path.name for path in (data_dir / "imports").iterdir()) == [
        f"{token}.data",
        f"{token}.json",
    ]
    assert f'name="token" value="{token}"'.encode() in response.content

    response = client.post(confirm_url(cast), {"token": token})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "ecosystem:organisation_detail", args=[cast.cluster.slug]
    )
    assert Organisation.objects.count() == before + 1
    batch = ImportBatch.objects.get()
    assert (batch.imported_by, batch.network, batch.file_name, batch.created_count) == (
        manager,
        cast.cluster,
        "membres.csv",
        1,
    )
    assert list((data_dir / "imports").iterdir()) == []

    # The same token cannot be used twice.
    response = client.post(confirm_url(cast), {"token": token})
    assert response.status_code == 400
    assert b"This preview has expired or was already imported" in response.content
    assert ImportBatch.objects.count() == 1


def test_import_preview_with_errors_offers_no_confirmation(cast: Cast, manager: User) -> None:
    before = Organisation.objects.count()
    response = post_file(english_client(manager), cast, BAD)
    assert response.status_code == 422
    assert response.context["token"] == ""
    assert response.context["preview"].all_errors() == [
        "Row 2: enterprise_number: The check digits of 0403.170.702 are wrong (expected 01).",
        "Row 5: name: The name is missing.",
        "Row 5: enterprise_number: An enterprise number has 10 digits; 1 were given.",
    ]
    assert b"The check digits of 0403.170.702 are wrong (expected 01)." in response.content
    assert b'name="token"' not in response.content
    assert Organisation.objects.count() == before


def test_import_unknown_columns_shown(cast: Cast, manager: User) -> None:
    response = post_file(english_client(manager), cast, csv_bytes([["nom", "fax"], ["A", "1"]]))
    assert response.status_code == 422
    assert b"Unknown columns: &quot;fax&quot;." in response.content


def test_import_oversized_upload_refused(cast: Cast, manager: User, settings: object) -> None:
    settings.MAILLAGE_MAX_UPLOAD_BYTES = 10  # type: ignore[attr-defined]
    response = post_file(english_client(manager), cast, GOOD)
    assert response.status_code == 422
    assert response.context["form"].errors == {
        "file": ["The file is 46 bytes; the limit is 10 bytes."]
    }


def test_import_missing_file_refused(cast: Cast, manager: User) -> None:
    response = english_client(manager).post(upload_url(cast), {})
    assert response.status_code == 422
    assert response.context["form"].errors == {"file": ["This field is required."]}


def test_import_token_of_another_user_refused(cast: Cast, manager: User) -> None:
    token = post_file(english_client(manager), cast, GOOD).context["token"]
    admin = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    before = Organisation.objects.count()
    response = english_client(admin).post(confirm_url(cast), {"token": token})
    assert response.status_code == 400
    assert Organisation.objects.count() == before


@pytest.mark.parametrize("token", ["", "../../etc/passwd", "x" * 32])
def test_import_confirm_bad_token(cast: Cast, manager: User, token: str) -> None:
    response = english_client(manager).post(confirm_url(cast), {"token": token})
    assert response.status_code == 400


def test_import_confirm_revalidates(cast: Cast, manager: User) -> None:
    """The directory changed after the preview: the commit sees it and writes nothing."""
    client = english_client(manager)
    token = post_file(client, cast, csv_bytes([["nom"], ["Twin"]])).context["token"]
    Organisation.objects.create(name="Twin SA", slug="twin-sa", kind="sme")
    Organisation.objects.create(name="Twin SPRL", slug="twin-sprl", kind="sme")
    before = Organisation.objects.count()
    response = client.post(confirm_url(cast), {"token": token})
    assert response.status_code == 422
    assert response.context["preview"].all_errors() == [
        "Row 2: name: 2 organisations in the directory have this name: add the enterprise "
        "number to say which one."
    ]
    assert Organisation.objects.count() == before
    assert ImportBatch.objects.count() == 0


def test_import_csrf_enforced(cast: Cast, manager: User) -> None:
    client = english_client(manager, enforce_csrf_checks=True)
    before = Organisation.objects.count()
    assert post_file(client, cast, GOOD).status_code == 403
    assert client.post(confirm_url(cast), {"token": "x" * 32}).status_code == 403
    assert Organisation.objects.count() == before
