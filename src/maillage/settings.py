"""Maillage settings: one file, every deployment choice read from the environment.

No variable at all gives the embedded default: SQLite in ``$MAILLAGE_DATA_DIR`` (``./var``),
French first, e-mail printed on the console, background jobs in the database.
``DATABASE_URL`` selects PostgreSQL (or any database dj-database-url understands).
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from maillage.core.env import ImproperlyConfiguredError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("MAILLAGE_DATA_DIR", "var")).resolve()

DEBUG = env_bool("MAILLAGE_DEBUG", default=False)
SECRET_KEY = env_str("MAILLAGE_SECRET_KEY", "")
#: True when no key was given: the built-in one is public, so the web server and the ``maillage``
#: commands refuse to start with it outside debug and ``maillage demo`` (``core/startup.py``).
BUILTIN_SECRET_KEY = not SECRET_KEY
if BUILTIN_SECRET_KEY:
    if not DEBUG and env_bool("MAILLAGE_REQUIRE_SECRET", default=False):
        raise ImproperlyConfiguredError(
            "MAILLAGE_SECRET_KEY (or MAILLAGE_SECRET_KEY_FILE) is required"
        )
    # Development and demo only: a fixed key keeps sessions valid across restarts.
    SECRET_KEY = "maillage-insecure-development-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("MAILLAGE_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("MAILLAGE_CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("MAILLAGE_SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "django_htmx",
    "js_lib_htmx",
    # For the API docs' static files (Swagger UI served from here, not from a CDN).
    "ninja",
    "maillage.core",
    "maillage.accounts",
    "maillage.ecosystem",
    "maillage.marketplace",
    "maillage.events",
    "maillage.matching",
    "maillage.maturity",
    "maillage.catalogue",
    "maillage.impact",
    "maillage.calls",
    "maillage.api",
    "maillage.audit",
    "maillage.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After the locale (its message is translated), before anything reads the input.
    "maillage.api.nul_characters.RefuseNulCharacters",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "maillage.urls"
WSGI_APPLICATION = "maillage.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "maillage.sqlite3"),
            "OPTIONS": {
                # WAL lets readers go on while one writer commits; IMMEDIATE takes the write lock
                # at BEGIN so two writers queue instead of failing with "database is locked".
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["maillage.accounts.backends.EmailBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
# Day-month order and 24-hour time in English too (core/formats/en/formats.py).
FORMAT_MODULE_PATH = ["maillage.core.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
#: Uploaded files (organisation logos, re-encoded by ecosystem/logos.py) are served by the web
#: processes in debug and the demo only; in production the reverse proxy serves MEDIA_ROOT at
#: MEDIA_URL (docs/operations.md).
SERVE_MEDIA = env_bool("MAILLAGE_SERVE_MEDIA", default=DEBUG or BUILTIN_SECRET_KEY)

# SMTP when a host is configured; otherwise each e-mail is a file in the data folder's mail/
# (the demo's invitations and password-reset links are read there: printed, they scrolled the
# demo's logins off the console).
MAIL_DIR = DATA_DIR / "mail"
if env_str("MAILLAGE_EMAIL_HOST", ""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env_str("MAILLAGE_EMAIL_HOST"),
                "port": env_int("MAILLAGE_EMAIL_PORT", 587),
                "username": env_str("MAILLAGE_EMAIL_USER", ""),
                "password": env_str("MAILLAGE_EMAIL_PASSWORD", ""),
                "use_tls": env_bool("MAILLAGE_EMAIL_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(MAIL_DIR)},
        }
    }
DEFAULT_FROM_EMAIL = env_str("MAILLAGE_FROM_EMAIL", "Maillage <noreply@maillage.localhost>")

# Background jobs: Django's tasks API, stored in the database so the embedded default needs no
# broker; `maillage worker` (started by `maillage demo`) runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# One cache shared by the web server and the worker, which fills it (event suggestions): files in
# the data folder by default, Redis when MAILLAGE_REDIS_URL is set (several web hosts).
if env_str("MAILLAGE_REDIS_URL", ""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env_str("MAILLAGE_REDIS_URL"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    }

#: Where the directory searches, filters and counts: None (default) in the database on
#: PostgreSQL and in a per-process in-memory index on SQLite (ecosystem/directory.py); True or
#: False forces one path (both follow the same rules; the tests compare them).
DIRECTORY_IN_DATABASE: bool | None = None

#: "db" (default) or "cache": sessions read from the shared cache (Redis), written through to
#: the database, so several web hosts skip a query per request and a cache restart logs no one out.
_SESSIONS = env_str("MAILLAGE_SESSIONS", "") or "db"
if _SESSIONS not in {"db", "cache"}:
    raise ImproperlyConfiguredError(f"MAILLAGE_SESSIONS must be db or cache, got {_SESSIONS!r}")
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if _SESSIONS == "cache"
    else "django.contrib.sessions.backends.db"
)

SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

#: Served over HTTPS (behind a reverse proxy that terminates TLS): redirect plain HTTP, send
#: HSTS, mark cookies secure, and trust the proxy's ``X-Forwarded-Proto: https`` (the proxy must
#: set it and drop any the client sent; see docs/operations.md).
HTTPS = env_bool("MAILLAGE_HTTPS", default=False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Probes of the load balancer may speak plain HTTP to the web processes.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env_int("MAILLAGE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("MAILLAGE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("MAILLAGE_HSTS_PRELOAD", default=False)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
#: Reverse proxies in front of the web processes, each appending to ``X-Forwarded-For``: the
#: throttle reads the client's address that many entries from the right (0: ``REMOTE_ADDR``).
MAILLAGE_PROXY_HOPS = env_int("MAILLAGE_PROXY_HOPS", 0)

#: Uploaded import files above this size are refused before parsing.
MAILLAGE_MAX_UPLOAD_BYTES = env_int("MAILLAGE_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAILLAGE_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = MAILLAGE_MAX_UPLOAD_BYTES
#: Member-list imports with more data rows than this are refused (split the file).
MAILLAGE_IMPORT_MAX_ROWS = env_int("MAILLAGE_IMPORT_MAX_ROWS", 20_000)
#: The smallest group any published aggregate may come from: impact report figures and maturity
#: benchmarks alike (5 at least: impact/statistics/disclosure.py; the platform refuses to start).
MAILLAGE_DISCLOSURE_MIN_GROUP = env_int("MAILLAGE_DISCLOSURE_MIN_GROUP", 10)
#: An XLSX import whose parts unpack to more bytes than this is refused before it is read.
MAILLAGE_IMPORT_MAX_XLSX_BYTES = env_int("MAILLAGE_IMPORT_MAX_XLSX_BYTES", 64 * 1024 * 1024)

#: "text" for people at a terminal, "json" (one object per line) for log collectors.
LOG_FORMAT = env_str("MAILLAGE_LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfiguredError(f"MAILLAGE_LOG_FORMAT must be text or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "maillage.core.logs.JsonFormatter"},
    },
    "filters": {"refusals": {"()": "maillage.core.logs.RefusalsWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("MAILLAGE_LOG_LEVEL", "WARNING")},
    # Filtered where the record is made, so every handler (and the tests) sees it one-line.
    "loggers": {"django.request": {"filters": ["refusals"]}},
}

#: Audit events are kept this long, then `maillage purge_audit` removes them (docs/operations.md).
MAILLAGE_AUDIT_RETENTION_DAYS = env_int("MAILLAGE_AUDIT_RETENTION_DAYS", 730)
