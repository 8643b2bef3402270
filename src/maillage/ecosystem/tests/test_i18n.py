"""French by default, English after the switcher, and a complete French catalogue."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db


def heading(html: str) -> str:
    match = re.search(r"<h1>(.*?)</h1>", html, re.S)
    assert match is not None
    return match.group(1).strip()


def test_organisation_list_french_by_default(client: Client) -> None:
    response = client.get("/organisations/")
    html = response.content.decode()
    assert heading(html) == "Annuaire de l’écosystème"
    assert '<html lang="fr">' in html
    assert "Rechercher" in html


def test_organisation_list_english_after_switching(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/organisations/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    html = client.get("/organisations/").content.decode()
    assert heading(html) == "Directory of the ecosystem"
    assert '<html lang="en">' in html


def test_organisation_list_back_to_french_after_switching(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "en", "next": "/organisations/"})
    client.post("/i18n/setlang/", {"language": "fr", "next": "/organisations/"})
    assert heading(client.get("/organisations/").content.decode()) == "Annuaire de l’écosystème"


def test_language_switcher_offers_both_languages(client: Client) -> None:
    html = client.get("/organisations/").content.decode()
    assert 'name="language" value="fr"' in html
    assert 'name="language" value="en"' in html


def test_french_catalogue_complete() -> None:
    """Every message of the French catalogue is translated and none is marked fuzzy."""
    po = (Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES" / "django.po").read_text(
        encoding="utf-8"
    )
    entries = po.split("\n\n")[1:]
    untranslated = [
        entry
        for entry in entries
        if re.search(r'^msgstr(?:\[\d\])? ""[ \t]*(?:\n(?!")|\Z)', entry, re.M)
        or "#, fuzzy" in entry
    ]
    assert untranslated == []


def test_french_catalogue_compiled() -> None:
    """The committed .mo holds every message of the .po (a fresh clone needs no gettext)."""
    folder = Path(settings.BASE_DIR) / "locale" / "fr" / "LC_MESSAGES"
    po = (folder / "django.po").read_text(encoding="utf-8")
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in catalogue} - {""}
    source_count = len(re.findall(r"^msgid ", po, re.M)) - 1  # minus the header
    assert len(compiled_ids) == source_count
