"""Django settings for the Frisat web app.

Configuration comes from the environment, with safe defaults for a laptop:

- ``DATABASE_URL``: e.g. ``postgres://user:pass@127.0.0.1:5432/frisat``; default SQLite in
  ``FRISAT_DATA_DIR`` (default ``./frisat-data``).
- ``FRISAT_SECRET_KEY``: default a random key created once in ``FRISAT_DATA_DIR/secret_key``.
- ``FRISAT_DEBUG``: ``1`` for development (default ``0``).
- ``FRISAT_ALLOWED_HOSTS``: comma-separated (default ``localhost,127.0.0.1``).
- ``FRISAT_EMAIL_HOST`` (+ ``_PORT``, ``_USER``, ``_PASSWORD``, ``_TLS``): SMTP; without it,
  e-mails are written as files to ``FRISAT_DATA_DIR/mail``.
- ``FRISAT_BASE_URL``: the public address used in survey links (default http://127.0.0.1:8000).
- ``FRISAT_TRUSTED_PROXIES``: reverse proxies whose X-Forwarded-For is believed (127.0.0.1,::1).

Production adds HTTPS-only settings: ``DJANGO_SETTINGS_MODULE=frisat.web.settings_production``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

DATA_DIR = Path(os.environ.get("FRISAT_DATA_DIR", "frisat-data")).resolve()
DEBUG = os.environ.get("FRISAT_DEBUG", "0") == "1"



def _secret_key() -> str:
    """FRISAT_SECRET_KEY, or a random key kept in DATA_DIR/secret_key (created once, mode 0600)."""
    if key := os.environ.get("FRISAT_SECRET_KEY", ""):
        return key
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key
    except FileExistsError:
        return path.read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"Sæt FRISAT_SECRET_KEY; kan ikke gemme en nøgle i {path}: {exc}") from exc


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("FRISAT_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]
BASE_URL = os.environ.get("FRISAT_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # Django's widget templates for FORM_RENDERER (TemplatesSetting)
    "frisat.web.organisations",
    "frisat.web.rounds",
    "frisat.web.survey",
    "frisat.web.results",
    "frisat.web.audits",
    "frisat.web.access",
    "frisat.web.dashboard",
    "django_tasks_db",  # background work (mailings): tasks in the database, run by `db_worker`
    "frisat.web.mailings",
    "frisat.web.evaluations",
    "frisat.web.legal",
]

# Background tasks (django-tasks, the backport of Django 6's tasks): kept in the database, so no broker;
# run by `python -m django db_worker` (frisat serve starts one; docs/deployment.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# How many tasks one sending of mails is split into (workers take them in parallel; each mail once).
FRISAT_MAIL_TASKS = int(os.environ.get("FRISAT_MAIL_TASKS", "2"))

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "frisat.web.security.ContentSecurityPolicyMiddleware",
    "frisat.web.security.DownloadNoStoreMiddleware",
    "frisat.web.request_checks.RequestCharsetMiddleware",  # before anything reads request.POST
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "frisat.web.urls"
# Every form field in the markup of Det Fælles Designsystem (frisat.web.common.form_renderer).
FORM_RENDERER = "frisat.web.common.form_renderer.FdsFormRenderer"
WSGI_APPLICATION = "frisat.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [Path(__file__).parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'frisat.sqlite3'}",
        # Persistent connections (a new one costs more than most requests), checked before reuse in
        # each request (one SELECT 1), so a restarted database does not fail a respondent's request.
        conn_max_age=int(os.environ.get("FRISAT_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and \
        os.environ.get("FRISAT_DB_PREPARED", "1") == "1":
    # Server-side parameters, and a statement run five times on a connection is prepared: PostgreSQL
    # then skips parsing and planning it (a third less database CPU per survey submission). Turn
    # off (FRISAT_DB_PREPARED=0) behind a pooler in transaction mode, e.g. PgBouncer < 1.21.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"server_side_binding": True, "prepare_threshold": 5})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:overview"  # issue 13: the overview at /
LOGOUT_REDIRECT_URL = "login"
CSRF_FAILURE_VIEW = "frisat.web.dashboard.errors.csrf_failure"  # issue 13: in the site's layout
LOGIN_MAX_FAILURES = int(os.environ.get("FRISAT_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCKOUT_SECONDS = int(os.environ.get("FRISAT_LOGIN_LOCKOUT_SECONDS", "900"))
# Reverse proxies whose X-Forwarded-For names the client (frisat.web.login_throttle.client_address).
FRISAT_TRUSTED_PROXIES = frozenset(
    a.strip() for a in os.environ.get("FRISAT_TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if a.strip())

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "frisat_cache",
    }
}

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [Path(__file__).parent / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [Path(__file__).parent / "static"]
# Det Fælles Designsystem from npm (scripts/install: npm ci), served as static/dkfds/ (design_system.py).
FRISAT_DKFDS_DIR = Path(os.environ.get(
    "FRISAT_DKFDS_DIR", Path(__file__).resolve().parents[3] / "node_modules" / "dkfds" / "dist"))
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "frisat.web.design_system.DesignSystemFinder",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: imports are validated in memory; refuse anything larger than this.
FRISAT_MAX_UPLOAD_BYTES = int(os.environ.get("FRISAT_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Imported tables (organisation, respondents, register; web and CLI) are parsed in a child process with
# at most this much memory and time, after streaming checks of what the file holds (frisat.io.safety;
# docs/dataformat.md, «Grænser for import»). Cells count each row up to its last filled cell.
FRISAT_IMPORT_MEMORY_MB = int(os.environ.get("FRISAT_IMPORT_MEMORY_MB", "1024"))
FRISAT_IMPORT_SECONDS = int(os.environ.get("FRISAT_IMPORT_SECONDS", "30"))
FRISAT_IMPORT_MAX_UNCOMPRESSED_MB = int(os.environ.get("FRISAT_IMPORT_MAX_UNCOMPRESSED_MB", "100"))
FRISAT_IMPORT_MAX_ROWS = int(os.environ.get("FRISAT_IMPORT_MAX_ROWS", "200000"))
FRISAT_IMPORT_MAX_COLUMNS = int(os.environ.get("FRISAT_IMPORT_MAX_COLUMNS", "1000"))
FRISAT_IMPORT_MAX_CELLS = int(os.environ.get("FRISAT_IMPORT_MAX_CELLS", "500000"))

FILE_UPLOAD_MAX_MEMORY_SIZE = FRISAT_MAX_UPLOAD_BYTES

# Strict headers and cookies (HTTPS-only ones are in settings_production).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)

email_host = os.environ.get("FRISAT_EMAIL_HOST")
if email_host:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = email_host
    EMAIL_PORT = int(os.environ.get("FRISAT_EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("FRISAT_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("FRISAT_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("FRISAT_EMAIL_TLS", "1") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("FRISAT_FROM_EMAIL", "frisat@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FRISAT_LOG_LEVEL", "WARNING")},
}
