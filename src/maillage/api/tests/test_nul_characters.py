"""A NUL character (U+0000) in any text is refused before it reaches a lookup: PostgreSQL cannot
compare or store it (a server error before), SQLite stored it silently. Run on both."""

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import ProhibitNullCharactersValidator
from django.test import Client, RequestFactory
from django.utils import translation

from maillage.api.nul_characters import fields_with_nul
from maillage.api.tests.conftest import problem
from maillage.conftest import Cast
from maillage.ecosystem.models import Organisation

pytestmark = pytest.mark.django_db
REFUSAL = "Null characters are not allowed."


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organisations?q=robot%00ics",
        "/api/v1/organisations?province=WLG%00",
        "/api/v1/organisations/alice%00robotics",
        "/api/v1/listings?organisation=alice-robotics-srl%00",
    ],
)
def test_api_query_or_path_with_nul_is_422(client: Client, cast: Cast, path: str) -> None:
    body = problem(client.get(path), 422, "validation_failed")
    assert body["detail"] == REFUSAL
    assert list(body["errors"].values()) == [[REFUSAL]]


def test_api_body_with_nul_names_every_field_and_writes_nothing(client: Client, cast: Cast) -> None:
    client.force_login(cast.alice)
    before = Organisation.objects.count()
    response = client.post(
        "/api/v1/organisations",
        json.dumps({"name": "Nul\u0000 SRL", "kind": "sme", "city": "Li\u0000ge"}),
        content_type="application/json",
    )
    body = problem(response, 422, "validation_failed")
    assert body["errors"] == {"name": [REFUSAL], "city": [REFUSAL]}
    assert Organisation.objects.count() == before


def test_the_six_characters_backslash_u0000_are_ordinary_text(client: Client, cast: Cast) -> None:
    response = client.get("/api/v1/organisations", {"q": "\\u0000"})
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_page_with_nul_in_a_parameter_is_400_in_one_sentence(
    client: Client, db: None, method: str
) -> None:
    send: Any = getattr(client, method)
    path = "/accounts/login/" if method == "post" else "/organisations/"
    response = send(path, {"q": "a\x00"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    with translation.override("fr"):
        assert response.content.decode() == str(ProhibitNullCharactersValidator.message)
    assert response.content.decode() != REFUSAL


def test_uploaded_files_are_binary_and_left_alone_but_not_the_form_beside_them() -> None:
    upload = SimpleUploadedFile("members.xlsx", b"PK\x03\x04\x00\x00binary")
    request = RequestFactory().post("/organisations/import/", {"file": upload, "note": "ok"})
    assert list(fields_with_nul(request)) == []
    upload.seek(0)
    request = RequestFactory().post("/organisations/import/", {"file": upload, "note": "\x00"})
    assert list(fields_with_nul(request)) == ["note"]
