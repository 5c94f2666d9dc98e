"""Belong settings, read from the environment (see `.env.example`)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from belong.accounts.sso_config import socialaccount_providers as sso_providers_from_env
from belong.accounts.sso_config import sso_form_action_origins
from belong.common.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
    SECRET_KEY = "insecure-development-key-only-for-debug"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_htmx",
    # Listed so the API docs page serves Swagger UI from our static files (no CDN, no inline
    # script), which the Content-Security-Policy allows.
    "ninja",
    "template_partials",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "belong.common",
    "belong.accounts",
    "belong.people",
    "belong.groups",
    "belong.mentoring",
    "belong.events",
    "belong.insights",
    "belong.circles",
    "belong.audit",
    "belong.scim",
    "belong.webhooks",
    "belong.privacy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "belong.accounts.middleware.AdminMfaRequiredMiddleware",
    "belong.common.middleware.ViewerTimezoneMiddleware",
    "belong.audit.middleware.AuditRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "belong" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "belong.common.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'belong.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker write while the web process reads.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "belong.accounts.backends.EmployeeModelBackend",
    "belong.accounts.backends.EmployeeAllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
# Local accounts by email; self sign-up is off because people come from HR.
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "belong.accounts.adapter.BelongAccountAdapter"
# Failed sign-ins: 10 a minute from one address, 5 per 5 minutes against one account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env_str("BELONG_LOGIN_FAILED_RATE", "10/m/ip,5/5m/key"),
}

# SSO (docs/sso.md): OpenID Connect and SAML apps come from BELONG_OIDC_* and BELONG_SAML_*;
# a sign-in is linked to the Person by the employee-id claim or a verified email, or refused.
SOCIALACCOUNT_ADAPTER = "belong.accounts.adapter.BelongSocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = sso_providers_from_env()
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
BELONG_SSO_EMPLOYEE_ID_CLAIM = env_str("BELONG_SSO_EMPLOYEE_ID_CLAIM", "employee_id")

# MFA is optional for everyone: authenticator apps, recovery codes and security keys.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = env_str("BELONG_MFA_ISSUER", "Belong")
# Browsers only offer WebAuthn over HTTPS; allow plain http://localhost while developing.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Administrators must set up an authenticator app or security key before using any page.
BELONG_MFA_REQUIRED_FOR_ADMINS = env_bool("BELONG_MFA_REQUIRED_FOR_ADMINS", False)

# Sign-in and API throttles, and cached lists, must be shared by every web process or each
# process counts on its own: production keeps them in a database table
# (`manage.py createcachetable`), development in memory.
CACHE_BACKEND = env_str("CACHE_BACKEND", "local" if DEBUG else "database")
_CACHE_BACKENDS = {
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "database": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "belong_cache",
    },
}
if CACHE_BACKEND not in _CACHE_BACKENDS:
    raise ImproperlyConfigured(
        f"CACHE_BACKEND must be one of {', '.join(_CACHE_BACKENDS)}, not {CACHE_BACKEND!r}."
    )
CACHES = {"default": _CACHE_BACKENDS[CACHE_BACKEND]}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "belong@localhost")

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Upload limit for HR files (a 1.5M-row export is ~300 MB; bigger files use the command).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Belong's own settings.
BELONG_LEVELS = env_list("BELONG_LEVELS", [f"L{n}" for n in range(1, 13)])
BELONG_DIRECTORY_PAGE_SIZE = env_int("BELONG_DIRECTORY_PAGE_SIZE", 25, minimum=5)
BELONG_API_RATE = env_str("BELONG_API_RATE", "600/m")
# No number about people is shown for fewer than this many (floor 5: fails loudly below).
BELONG_PRIVACY_MIN_GROUP = env_int("BELONG_PRIVACY_MIN_GROUP", 10, minimum=5)
# Outgoing webhooks may call private and loopback addresses (and plain http on loopback):
# for development and tests only; in production Belong calls public https hosts alone.
BELONG_WEBHOOKS_ALLOW_PRIVATE = env_bool("BELONG_WEBHOOKS_ALLOW_PRIVATE", DEBUG)
# Personal data (docs/privacy.md): which self-identification questions are asked (all when
# empty), days before a pending erasure request is carried out without an administrator
# (0: only administrators carry them out), and retention windows in days (0 keeps forever).
BELONG_SELF_ID_QUESTIONS = env_list("BELONG_SELF_ID_QUESTIONS", [])
BELONG_ERASURE_GRACE_DAYS = env_int("BELONG_ERASURE_GRACE_DAYS", 30, minimum=0)
BELONG_RETAIN_EVENT_ATTENDEES_DAYS = env_int("BELONG_RETAIN_EVENT_ATTENDEES_DAYS", 1200, minimum=0)
BELONG_RETAIN_EXITED_PEOPLE_DAYS = env_int("BELONG_RETAIN_EXITED_PEOPLE_DAYS", 730, minimum=0)
BELONG_RETAIN_MATCH_DRAFTS_DAYS = env_int("BELONG_RETAIN_MATCH_DRAFTS_DAYS", 90, minimum=0)
BELONG_RETAIN_IMPORT_FILES_DAYS = env_int("BELONG_RETAIN_IMPORT_FILES_DAYS", 30, minimum=0)
BELONG_RETAIN_WEBHOOK_DELIVERIES_DAYS = env_int(
    "BELONG_RETAIN_WEBHOOK_DELIVERIES_DAYS", 30, minimum=0
)

# Production hardening; `manage.py check --deploy` passes when DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SAMESITE = "Lax"  # Lax, not Strict: the SSO callback is a top-level redirect
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12, minimum=300)

# Content-Security-Policy (docs/security.md): nothing inline, nothing from other sites. An
# inline script or style that cannot be avoided carries nonce="{{ request.csp_nonce }}".
# Forms post only here and to the SSO identity providers the sign-in buttons redirect to.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [
            SELF,
            *sso_form_action_origins(SOCIALACCOUNT_PROVIDERS),
            *env_list("BELONG_CSP_FORM_ACTION", []),
        ],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# SQLite cannot enforce "one grant per role and scope" when the scope is empty (NULLs are
# distinct there); role_grant_create checks it itself, and PostgreSQL enforces it too.
# The directory's name-order indexes carry a few extra columns on PostgreSQL so a page is
# found from the index alone; SQLite builds them without those columns (W040).
SILENCED_SYSTEM_CHECKS = ["models.W047", "models.W040"]
