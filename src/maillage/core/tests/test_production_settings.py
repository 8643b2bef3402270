"""Production settings: MAILLAGE_HTTPS, the refusal of the built-in secret key, check --deploy.

Settings are read once per process, so each case runs ``maillage`` in a fresh interpreter with
the environment under test (and nothing inherited that could change the answer).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = str(Path(__file__).resolve().parents[3])
#: The production variables docs/operations.md lists (with example values).
PRODUCTION = {
    "MAILLAGE_SECRET_KEY": "x7Jm2-example-only-9Qv4Lr8Wd1Ns6Ht3Yb5Kc0Pz7Ae2Gu4Fo8Xi1Rl6Dw3Mq9",
    "MAILLAGE_HTTPS": "true",
    "MAILLAGE_HSTS_PRELOAD": "true",
    "MAILLAGE_ALLOWED_HOSTS": "maillage.example.org",
    "MAILLAGE_SITE_URL": "https://maillage.example.org",
    "MAILLAGE_PROXY_HOPS": "1",
    "MAILLAGE_EMAIL_HOST": "smtp.example.org",
}
PRINT_SECURITY = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, "
    "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
)


def run(tmp_path: Path, args: list[str], **variables: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("MAILLAGE_", "DATABASE_URL"))
    }
    env.update(
        PYTHONPATH=SOURCE,
        DJANGO_SETTINGS_MODULE="maillage.settings",
        MAILLAGE_DATA_DIR=str(tmp_path),
        **variables,
    )
    return subprocess.run(  # noqa: S603 (our own interpreter)
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_check_deploy_with_the_documented_production_variables_is_clean(tmp_path: Path) -> None:
    result = run(tmp_path, ["-m", "maillage.cli", "check", "--deploy"], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."


def test_https_switches_on_redirect_hsts_secure_cookies_and_proxy_header(tmp_path: Path) -> None:
    result = run(tmp_path, ["-c", PRINT_SECURITY], **PRODUCTION)
    assert result.stdout.split() == [
        "True",
        "31536000",
        "True",
        "True",
        "('HTTP_X_FORWARDED_PROTO',",
        "'https')",
    ]


def test_without_https_nothing_is_forced(tmp_path: Path) -> None:
    result = run(tmp_path, ["-c", PRINT_SECURITY], MAILLAGE_SECRET_KEY="k" * 60)
    assert result.stdout.split() == ["False", "0", "False", "False", "None"]


def test_commands_refuse_the_builtin_secret_key_in_one_line(tmp_path: Path) -> None:
    result = run(tmp_path, ["-m", "maillage.cli", "check"])
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("maillage: error: MAILLAGE_SECRET_KEY")


def test_web_server_refuses_the_builtin_secret_key(tmp_path: Path) -> None:
    result = run(tmp_path, ["-c", "import maillage.wsgi"])
    assert result.returncode == 1
    assert "MAILLAGE_SECRET_KEY (or MAILLAGE_SECRET_KEY_FILE) is not set" in result.stderr


@pytest.mark.parametrize("variables", [{"MAILLAGE_DEBUG": "true"}, {"MAILLAGE_DEMO": "1"}])
def test_debug_and_demo_may_use_the_builtin_key(tmp_path: Path, variables: dict[str, str]) -> None:
    result = run(tmp_path, ["-c", "import maillage.wsgi"], **variables)
    assert result.returncode == 0, result.stderr
    result = run(tmp_path, ["-m", "maillage.cli", "check"], **variables)
    assert result.returncode == 0, result.stderr


def test_a_secret_key_from_a_file_is_enough(tmp_path: Path) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text("f" * 60 + "\n", encoding="utf-8")
    result = run(tmp_path, ["-c", "import maillage.wsgi"], MAILLAGE_SECRET_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("value", "engine"),
    [
        ("", "django.contrib.sessions.backends.db"),
        ("cache", "django.contrib.sessions.backends.cached_db"),
    ],
)
def test_sessions_in_the_shared_cache(tmp_path: Path, value: str, engine: str) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_ENGINE)"
    )
    result = run(tmp_path, ["-c", code], MAILLAGE_SECRET_KEY="k" * 60, MAILLAGE_SESSIONS=value)
    assert result.stdout.strip() == engine


@pytest.mark.parametrize(
    ("name", "value"), [("MAILLAGE_SESSIONS", "redis"), ("MAILLAGE_LOG_FORMAT", "xml")]
)
def test_bad_operation_values_are_refused_at_start(tmp_path: Path, name: str, value: str) -> None:
    result = run(tmp_path, ["-m", "maillage.cli", "check"], MAILLAGE_DEBUG="true", **{name: value})
    assert result.returncode != 0
    assert f"{name} must be" in result.stderr


def test_without_an_smtp_host_e_mails_are_files_in_the_data_folder(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "m = settings.MAILERS['default']; print(m['BACKEND'], m['OPTIONS']['file_path'])"
    )
    result = run(tmp_path, ["-c", code], MAILLAGE_DEBUG="true")
    assert result.stdout.split() == [
        "django.core.mail.backends.filebased.EmailBackend",
        str(tmp_path / "mail"),
    ]
