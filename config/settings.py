"""Concerto settings: one module, driven by the environment; the defaults run on SQLite.

See docs/deployment.md for every variable.
"""

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.env import Problem, env_bool, env_int, env_list, env_str, production_problems, read_or_create_secret
from config.media import default_storage

BASE_DIR = Path(__file__).resolve().parent.parent
# Everything the service writes (SQLite file, keys, uploads, backups, e-mail files) is readable by its account only.
os.umask(0o077)
DATA_DIR = Path(env_str("CONCERTO_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)

DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
# Production mode (docs/deployment.md): keys come from the environment only, and weak settings refuse to start.
# On when CONCERTO_PRODUCTION=true (`make run` sets it for every step) and, by default, when gunicorn serves with
# DEBUG off; never under the test suite. The demo (runserver, its worker and commands) keeps generating local keys.
PRODUCTION = not TESTING and env_bool(
    "CONCERTO_PRODUCTION", not DEBUG and env_str("SERVER_SOFTWARE").startswith("gunicorn")
)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key or PRODUCTION:
        return key
    # Local use (demo, tests): a random key kept in the data folder, never a constant in the code.
    return read_or_create_secret(DATA_DIR / "secret_key", lambda: secrets.token_urlsafe(50))


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "widget_tweaks",
    "dsfr",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "concerto.core",
    "concerto.accounts",
    "concerto.councils",
    "concerto.directory",
    "concerto.situations",
    "concerto.plans",
    "concerto.meetings",
    "concerto.housing",
    "concerto.governance",
    "concerto.events",
    "concerto.fees",
    "concerto.documents",
    "concerto.privacy",
    "concerto.reports",
    "concerto.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "concerto.core.typography.FrenchTypographyMiddleware",
    "concerto.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "concerto.core.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "concerto.councils.middleware.CurrentCouncilMiddleware",
    "concerto.accounts.middleware.MfaRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "concerto" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "concerto.core.context_processors.concerto",
            ],
            "string_if_invalid": env_str("TEMPLATE_STRING_IF_INVALID", ""),
        },
    }
]
FORM_RENDERER = "dsfr.forms.DsfrDjangoTemplates"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'concerto.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;",
        }
    )
# A read replica (PostgreSQL streaming replication): the reports read from it (concerto/core/db_router.py), everything
# else and every write use the primary. The test suite gets the alias as a mirror of the default database.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("CONN_MAX_AGE", 0), test_options={"MIRROR": "default"}
    )
elif TESTING:
    DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
REPLICA_DATABASE = "replica" if env_str("DATABASE_REPLICA_URL") else ""
DATABASE_ROUTERS = ["concerto.core.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # A shared cache: allauth's TOTP replay protection and rate limits must hold across processes.
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "concerto_cache"}
    if env_bool("CONCERTO_DB_CACHE", True)
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# --- allauth: e-mail login, no self sign-up (invitations only), TOTP + recovery codes.
ACCOUNT_ADAPTER = "concerto.accounts.adapters.AccountAdapter"
MFA_ADAPTER = "concerto.accounts.adapters.MfaAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Concerto] "
ACCOUNT_PREVENT_ENUMERATION = True
# Per-account failures are counted by django-axes (lock visible to the coordinator); allauth keeps the per-address
# throttle only, otherwise its own per-account limit would answer first with a generic 200.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Concerto"
# Accept the previous and next 30-second code: phones drift, and a code typed at the boundary still works.
MFA_TOTP_TOLERANCE = 1
MFA_RECOVERY_CODE_COUNT = 10
# The code forms refuse a locked account; wrong codes are counted by django-axes (concerto/accounts/lockout.py).
MFA_FORMS = {
    "authenticate": "concerto.accounts.forms.MfaAuthenticateForm",
    "reauthenticate": "concerto.accounts.forms.MfaReauthenticateForm",
}

# --- lockout (django-axes): a locked account is shown to the coordinator in the members list.
# Wrong passwords and wrong second-factor codes (TOTP or recovery code) count together towards the lock.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Lock the account, whatever the address (the issue asks for an account lock visible to the coordinator);
# spraying from one address is throttled by allauth's per-IP login rate limit.
AXES_LOCKOUT_PARAMETERS = ["username"]
# security.W021: HSTS preloading is a commitment for the whole domain, left to the operator (not a default).
SILENCED_SYSTEM_CHECKS = ["axes.W006", "security.W021"]
AXES_USERNAME_CALLABLE = "concerto.accounts.lockout.username_from_request"
AXES_RESET_ON_SUCCESS = True
# While locked, every attempt answers 429 (and does not extend the lock).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Never keep a typed code (a mistyped recovery code is nearly a secret) in the attempts' POST data.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)

# --- sessions: idle expiry (default 30 min), never longer than a working day.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT_MINUTES", 30) * 60
SESSION_COOKIE_AGE = 12 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# --- security headers. HTTPS=true in production turns on secure cookies and HSTS.
HTTPS = env_bool("HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Background jobs: django-tasks with its database backend; `manage.py db_worker` runs them (docs/deployment.md).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "concerto" / "static"]
WHITENOISE_USE_FINDERS = not env_bool("STATIC_MANIFEST", False)
STORAGES = {
    # The local disk (MEDIA_ROOT), or an S3-compatible bucket when CONCERTO_S3_BUCKET is set (config/media.py).
    "default": default_storage(os.environ),
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads (council logos for now) live outside the web root and are served through a checked view.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
BACKUP_DIR = DATA_DIR / "backups"  # where `manage.py backup` writes by default (concerto/core/backups.py)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- e-mail: written as files under var/mail unless an SMTP server is configured.
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Concerto <ne-pas-repondre@concerto.localhost>")
if env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"

# --- Concerto's own settings.
# The State block-mark, Marianne logo and font are reserved to State bodies (opt-in for entitled operators).
CONCERTO_STATE_BRANDING = env_bool("CONCERTO_STATE_BRANDING", False)
CONCERTO_SITE_URL = env_str("CONCERTO_SITE_URL", "http://127.0.0.1:8000")
CONCERTO_INVITATION_DAYS = env_int("CONCERTO_INVITATION_DAYS", 14)
# Optional virus scan of uploads by a clamd daemon listening on this Unix socket. Without it, `check --deploy`
# warns (and `make run` refuses to start) unless the operator accepts unscanned uploads explicitly.
CLAMD_SOCKET = env_str("CLAMD_SOCKET")
CONCERTO_ALLOW_UNSCANNED_UPLOADS = env_bool("CONCERTO_ALLOW_UNSCANNED_UPLOADS", False)

# Secret tokens of URLs (secure links, invitations, poll answers, password reset) are replaced by "[jeton]" in
# every line: runserver's access log (django.server) and the console (e.g. django.request's "Not Found: /…").
# Gunicorn's access log is redacted by config/gunicorn.conf.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_tokens": {"()": "concerto.core.logging.RedactTokens"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_tokens"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # On the loggers that write paths, so that Django's own handlers (its DEBUG console) read redacted lines too.
        "django.request": {"filters": ["redact_tokens"]},
        "django.security.csrf": {"filters": ["redact_tokens"]},
        "django.server": {
            "handlers": ["django.server"],
            "level": "INFO",
            "propagate": False,
            "filters": ["redact_tokens"],
        },
    },
}
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- production: refuse to start with weak settings (the same rules are deploy checks: `manage.py check --deploy`
# lists them all, so it is let through here).
if PRODUCTION and sys.argv[1:2] != ["check"]:
    _problems = production_problems(
        secret_key=SECRET_KEY,
        encryption_keys=env_list("CONCERTO_ENCRYPTION_KEYS"),
        index_key=env_str("CONCERTO_INDEX_KEY"),
        data_dir=DATA_DIR,
        backup_dir=BACKUP_DIR,
        media_root=MEDIA_ROOT,
        backup_key=env_str("CONCERTO_BACKUP_KEY"),
    )
    if DEBUG:
        _problems.insert(
            0, Problem("concerto.E000", "DEBUG=true en production (CONCERTO_PRODUCTION=true).", "Retirez DEBUG.")
        )
    if _problems:
        raise ImproperlyConfigured(
            "Concerto refuse de démarrer en production :\n"
            + "\n".join(f"- [{problem.id}] {problem}" for problem in _problems)
            + "\nVoir docs/deployment.md ; `manage.py check --deploy` liste tous les problèmes."
        )
