"""The demo's data and accounts, and the checks of ``maillage demo``'s arguments."""

import os
import socket
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.mail import EmailMessage
from django.core.mail.backends import filebased
from django.core.management import CommandError, call_command

from maillage.accounts.models import User
from maillage.core.demo import (
    DEMO_ACCOUNTS,
    DEMO_ORGANISATION_SLUG,
    ensure_demo_accounts,
    load_demo_data,
    mail_summary,
    use_site_url,
)
from maillage.ecosystem import permissions
from maillage.ecosystem.models import Organisation
from maillage.ecosystem.text import fold
from maillage.events.models import Event
from maillage.events.services.notifications import agenda_urls
from maillage.events.tests.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_data(population=30)
    ensure_demo_accounts()


def test_load_demo_data_fills_an_empty_directory(demo: None) -> None:
    assert Organisation.objects.filter(synthetic=True).count() == 31  # 30 + the demo SME
    poles = Organisation.objects.filter(kind=Organisation.Kind.POLE)
    assert poles.filter(country="BE").count() == 6
    # The foreign partner clusters of MecaTech's European projects, two of them French poles.
    assert sorted(poles.exclude(country="BE").values_list("slug", flat=True)) == [
        "pole-cimes",
        "pole-scs",
    ]
    assert (
        Organisation.objects.filter(kind__in=Organisation.NETWORK_KINDS)
        .exclude(country="BE")
        .count()
        == 8
    )


def test_load_demo_data_leaves_a_filled_directory_alone(demo: None) -> None:
    assert load_demo_data(population=30) is False
    assert Organisation.objects.filter(synthetic=True).count() == 31


def test_demo_data_lists_the_nine_editions_with_their_counts(demo: None) -> None:
    editions = Event.objects.filter(name__icontains="meets")

    assert editions.count() == 9
    assert sorted(editions.values_list("participant_count", flat=True)) == [
        58,
        63,
        67,
        70,
        74,
        76,
        80,
        86,
        190,
    ]


def test_demo_data_finds_mecatech_by_folded_search_text(demo: None) -> None:
    poles = Organisation.objects.filter(
        kind=Organisation.Kind.POLE, search_text__contains=fold("mecatech")
    )

    # MecaTech, and the two French poles whose descriptions say they are its partners.
    assert list(poles.values_list("name", flat=True)) == ["MecaTech", "Pôle CIMES", "Pôle SCS"]


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.role)
def test_demo_account_logs_in_with_its_printed_password(demo: None, account: object) -> None:
    user = authenticate(username=account.email, password=account.password)  # type: ignore[attr-defined]

    assert user is not None
    assert user.email == account.email  # type: ignore[attr-defined]


def test_demo_accounts_have_their_roles(demo: None) -> None:
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
    infopole = Organisation.objects.get(slug="infopole-cluster-tic")
    users = {user.email.split("@")[0]: user for user in User.objects.all()}

    assert users["admin"].is_platform_admin
    assert permissions.can_manage_network(users["manager"], infopole)
    assert not permissions.can_manage_network(users["representative"], infopole)
    assert permissions.can_edit_organisation(users["representative"], organisation)
    assert not permissions.can_edit_organisation(users["member"], organisation)


def test_the_demo_organisation_is_described_in_every_interface_language(demo: None) -> None:
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION_SLUG)
    assert sorted(organisation.descriptions) == ["en", "fr", "nl"]
    assert organisation.description("nl").startswith("Luikse kmo in mechatronica")


def test_ensure_demo_accounts_twice_resets_passwords_without_duplicates(demo: None) -> None:
    User.objects.filter(email="member@maillage.example").update(password="!")

    ensure_demo_accounts()

    assert User.objects.count() == len(DEMO_ACCOUNTS)
    assert authenticate(username="member@maillage.example", password="demo-member") is not None


def test_demo_command_refuses_a_bad_port() -> None:
    with pytest.raises(
        CommandError, match=r"--port must be between 1 and 65535, got 70000\."
    ) as error:
        call_command("demo", "--port", "70000")

    assert error.value.returncode == 2


def test_demo_command_refuses_a_port_in_use() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(CommandError, match=rf"127\.0\.0\.1:{port} is already in use") as error:
            call_command("demo", "--port", str(port))

    assert error.value.returncode == 2


def test_demo_links_in_emails_use_the_port_it_serves(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    # Set, then removed: undoing both leaves the environment as it was.
    monkeypatch.setenv("MAILLAGE_SITE_URL", "unset")
    monkeypatch.delenv("MAILLAGE_SITE_URL")
    settings.SITE_URL = "http://127.0.0.1:8000"  # an override, which the test's end undoes
    use_site_url(host="127.0.0.1", port=8123)
    registration = RegistrationFactory()
    agenda, feed = agenda_urls(registration)
    assert agenda.startswith("http://127.0.0.1:8123/events/")
    assert feed.startswith("http://127.0.0.1:8123/events/")
    assert os.environ["MAILLAGE_SITE_URL"] == "http://127.0.0.1:8123"


def test_demo_keeps_a_configured_site_url(monkeypatch: pytest.MonkeyPatch, settings: Any) -> None:
    monkeypatch.setenv("MAILLAGE_SITE_URL", "https://maillage.example.org")
    settings.SITE_URL = "https://maillage.example.org"
    use_site_url(host="127.0.0.1", port=8123)
    assert settings.SITE_URL == "https://maillage.example.org"


def test_demo_mail_summary_counts_the_messages_written(tmp_path: Path, settings: Any) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(tmp_path)},
        }
    }
    backend = filebased.EmailBackend(file_path=str(tmp_path))
    messages = [
        EmailMessage(f"Invitation {n}", "Bienvenue", to=["a@example.org"]) for n in range(3)
    ]
    assert backend.send_messages(messages) == 3
    assert backend.send_messages([EmailMessage("Reminder", "Demain", to=["b@example.org"])]) == 1
    assert mail_summary(tmp_path) == (
        f"E-mails are not sent: 4 so far (and those to come) are files in {tmp_path}/"
    )


def test_demo_mail_summary_says_nothing_when_e_mails_go_out(tmp_path: Path, settings: Any) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend"}}
    assert mail_summary(tmp_path) == ""


def test_demo_calls_include_gemstone_and_dream_relayed_by_mecatech(demo: None, client: Any) -> None:
    """The issue's contract, through the API as a visitor reads it."""
    body = client.get("/api/v1/calls?status=open&relayed_by=mecatech&limit=50").json()
    relayed = {item["reference"]: item for item in body["items"]}
    assert sorted(relayed) == ["MECATECH-DREAM-SME-CALL", "MECATECH-GEMSTONE-SME-CALL"]
    gemstone = relayed["MECATECH-GEMSTONE-SME-CALL"]
    assert gemstone["title"].startswith("GEMSTONE")
    assert (gemstone["relayed_by"], gemstone["status"]) == ("mecatech", "open")
    assert len(gemstone["deadlines"]) == 2
    assert relayed["MECATECH-DREAM-SME-CALL"]["title"].startswith("DREAM")
