"""French by default, English after the switcher, and complete, up-to-date catalogues."""

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.test import Client
from django.utils import translation

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


def test_language_switcher_offers_the_three_languages(client: Client) -> None:
    html = client.get("/organisations/").content.decode()
    for code in ("fr", "en", "nl"):
        assert f'name="language" value="{code}"' in html


SOURCE = Path(settings.BASE_DIR)
#: Every catalogue: one per app, and the project's for what lies outside the apps.
CATALOGUES = sorted(SOURCE.glob("**/locale/*/LC_MESSAGES/django.po"))


def catalogue_id(po: Path) -> str:
    return str(po.relative_to(SOURCE))


def test_every_app_has_french_english_and_dutch_catalogues() -> None:
    apps = sorted(config.parent.name for config in SOURCE.glob("*/apps.py"))
    for app in apps:
        for language in ("fr", "en", "nl"):
            assert (SOURCE / app / "locale" / language / "LC_MESSAGES" / "django.po").exists(), (
                app,
                language,
            )


def test_no_project_template_sits_in_a_folder_named_after_an_app() -> None:
    """The project's catalogue skips folders named after an app (makemessages' ``--ignore
    'core/*'`` matches ``templates/core/`` too): a template there would never be translated, as
    the home page's headings were. Such a template belongs in its app's own templates folder."""
    apps = {config.parent.name for config in SOURCE.glob("*/apps.py")}
    templates = SOURCE / "templates"
    hidden = [
        str(path.relative_to(SOURCE))
        for path in templates.rglob("*")
        if path.is_file() and set(path.relative_to(templates).parts[:-1]) & apps
    ]
    assert hidden == []


def _entries(po: Path) -> list[str]:
    """The catalogue's entries, header excluded."""
    return po.read_text(encoding="utf-8").split("\n\n")[1:]


def _translated(entry: str) -> bool:
    """A non-fuzzy entry whose (first) msgstr is not empty, on one line or continued."""
    empty = re.search(r'^msgstr(?:\[0\])? ""[ \t]*(?:\n(?!")|\Z)', entry, re.M)
    return empty is None and "#, fuzzy" not in entry


@pytest.mark.parametrize(
    "po", [c for c in CATALOGUES if "/fr/" in str(c) or "/nl/" in str(c)], ids=catalogue_id
)
def test_french_and_dutch_catalogues_complete(po: Path) -> None:
    """Every message of a French or Dutch catalogue is translated and none is marked fuzzy
    (English is the source language)."""
    untranslated = [
        entry
        for entry in _entries(po)
        if re.search(r'^msgstr(?:\[\d\])? ""[ \t]*(?:\n(?!")|\Z)', entry, re.M)
        or "#, fuzzy" in entry
    ]
    assert untranslated == []


@pytest.mark.parametrize("po", CATALOGUES, ids=catalogue_id)
def test_catalogue_compiled(po: Path) -> None:
    """The committed .mo holds every translated message of its .po (a fresh clone needs no
    gettext). English is the source language: only its deliberate differences are translated."""
    with po.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
    compiled_ids = {key[0] if isinstance(key, tuple) else key for key in catalogue} - {""}
    assert len(compiled_ids) == sum(_translated(entry) for entry in _entries(po))


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (xgettext)")
def test_catalogues_hold_every_marked_message(tmp_path: Path) -> None:
    """scripts/update-translations on a copy of the source changes no catalogue: no message
    marked for translation is missing, and none is left over."""
    root = SOURCE.parent.parent
    shutil.copytree(root / "scripts", tmp_path / "scripts")
    shutil.copytree(
        SOURCE,
        tmp_path / "src" / "maillage",
        ignore=shutil.ignore_patterns("__pycache__", "*.mo"),
    )
    bin_dir = str(Path(sys.executable).parent)
    subprocess.run(  # noqa: S603 (our own script, on a copy)
        [str(tmp_path / "scripts" / "update-translations")],
        check=True,
        capture_output=True,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin"},
    )
    stale = []
    for po in CATALOGUES:
        fresh = tmp_path / "src" / "maillage" / po.relative_to(SOURCE)
        if _without_creation_date(fresh) != _without_creation_date(po):
            stale.append(catalogue_id(po))
    assert stale == [], "run scripts/update-translations and translate what it adds"


def _without_creation_date(po: Path) -> str:
    return re.sub(r'"POT-Creation-Date: [^"]*"\n', "", po.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "- Choisir une option -"),
        ("en", "- Select an option -"),
        ("nl", "- Kies een optie -"),
    ],
)
def test_blank_choice_of_a_select_in_every_language(language: str, expected: str) -> None:
    """Django's own Dutch catalogue lacks this label: ours supplies it (core/apps.py), else a
    Dutch page would show the French of the default language."""
    with translation.override(language):
        assert str(BLANK_CHOICE_LABEL) == expected
