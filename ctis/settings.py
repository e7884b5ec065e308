"""ctis settings: one module, configured by environment variables, failing loudly.

CTIS_ENV selects the mode. ``production`` (the default, so a forgotten variable never
weakens a deployment) requires real secrets and turns on every transport protection;
``development`` (set by the Makefile) generates per-machine secrets under ``var/`` and
allows demo data. Every variable is documented in README.md.
"""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CTIS_VAR_DIR", BASE_DIR / "var"))


def env(name: str, default: str | None = None) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE (for container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE={file_name} cannot be read: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


CTIS_ENV = env("CTIS_ENV", "production")
if CTIS_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"CTIS_ENV must be development or production, not {CTIS_ENV!r}")
PRODUCTION = CTIS_ENV == "production"


def dev_secret(name: str, nbytes: int = 48, raw_key: bool = False) -> str:
    """A per-machine development secret kept in var/secrets, never a constant in the code.

    ``raw_key`` gives exactly ``nbytes`` random bytes in URL-safe base64 (an encryption key).
    """
    if PRODUCTION:
        raise ImproperlyConfigured(f"{name} (or {name}_FILE) must be set when CTIS_ENV=production")
    path = VAR_DIR / "secrets" / name.lower()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        value = (
            base64.urlsafe_b64encode(secrets.token_bytes(nbytes)).decode()
            if raw_key
            else secrets.token_urlsafe(nbytes)
        )
        path.write_text(value)
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY") or dev_secret("SECRET_KEY")
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long")
# Keys the audit chain's HMAC; kept apart from SECRET_KEY so rotating one leaves the other.
AUDIT_KEY = env("CTIS_AUDIT_KEY") or dev_secret("CTIS_AUDIT_KEY")

# Personal data is encrypted at rest with these AES-256-GCM keys, "version:key" pairs
# (key = 32 bytes, URL-safe base64), comma-separated; the highest version encrypts, all decrypt.
# Search uses keyed hashes (HMAC-SHA256) under a separate blind-index key.
CTIS_DATA_KEYS = env("CTIS_DATA_KEYS") or (
    None if PRODUCTION else "1:" + dev_secret("CTIS_DATA_KEY_1", nbytes=32, raw_key=True)
)
if CTIS_DATA_KEYS is None:
    raise ImproperlyConfigured("CTIS_DATA_KEYS (or CTIS_DATA_KEYS_FILE) must be set in production")
CTIS_BLIND_INDEX_KEY = env("CTIS_BLIND_INDEX_KEY") or (
    None if PRODUCTION else dev_secret("CTIS_BLIND_INDEX_KEY", nbytes=32, raw_key=True)
)
if CTIS_BLIND_INDEX_KEY is None:
    raise ImproperlyConfigured("CTIS_BLIND_INDEX_KEY (or its _FILE) must be set in production")

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names in production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "ctis.core",
    "ctis.accounts",
    "ctis.audit",
    "ctis.surveys",
    "ctis.directory",
    "ctis.screening",
    "ctis.cases",
    "ctis.referrals",
    "ctis.analytics",
    "ctis.portal",
    "ctis.training",
    "ctis.coordination",
    "ctis.reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "ctis.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so that a lockout response from axes is still audited by the views above it.
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION:
    # Production serves collected, compressed static files itself (`ctis collectstatic`);
    # development and tests serve them from the apps through django.contrib.staticfiles.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "ctis.urls"
# There is no Django admin: every write goes through the audited actions and their pages.
WSGI_APPLICATION = "ctis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ctis" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ctis.core.context_processors.shell",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
    # start of a transaction, so the audit chain's read-then-append cannot interleave.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and login security ------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle sessions end after 30 minutes; every request renews the clock.
SESSION_COOKIE_AGE = env_int("CTIS_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Demo accounts may skip two-factor enrolment, and only in development mode.
CTIS_DEMO_SKIPS_2FA = not PRODUCTION and env_bool("CTIS_DEMO_SKIPS_2FA", True)
OTP_TOTP_ISSUER = env("CTIS_OTP_ISSUER", "ctis")
# An invitation link (set a password, then enrol two-factor) works once, for this many days.
CTIS_INVITATION_DAYS = env_int("CTIS_INVITATION_DAYS", 7)

AXES_FAILURE_LIMIT = env_int("CTIS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("CTIS_LOCKOUT_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# 429 with Retry-After: the locked-out page, or JSON for the API's token endpoint.
AXES_LOCKOUT_CALLABLE = "ctis.accounts.lockout.lockout_response"
# Behind a reverse proxy, say how many proxies to trust, or one address locks everyone out.
AXES_IPWARE_PROXY_COUNT = env_int("CTIS_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
AXES_VERBOSE = False  # axes would otherwise log usernames

EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "ctis@localhost")

# --- Transport security ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("CTIS_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("CTIS_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
if env_bool("CTIS_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Everything the pages load comes from this host: no CDN, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Languages --------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("sq", "Shqip"),
    ("sr-latn", "Srpski (latinica)"),
    ("sr", "Српски (ћирилица)"),
    ("bs", "Bosanski"),
    ("hr", "Hrvatski"),
    ("mk", "Македонски"),
    ("ar", "العربية"),
    ("fa", "فارسی"),
    ("prs", "دری"),
    ("ps", "پښتو"),
    ("ur", "اردو"),
    ("fr", "Français"),
]
# Languages written right to left (Django knows ar, fa and ur; we add Dari and Pashto).
LANGUAGES_BIDI = ["ar", "fa", "prs", "ps", "ur", "ckb"]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Belgrade"
LANGUAGE_COOKIE_NAME = "ctis_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Erasures are also written here, outside the database, so that a restored backup can have
# them applied again (`ctis erasures reapply`). Keep it on storage not restored with the database.
CTIS_ERASURE_LEDGER = Path(env("CTIS_ERASURE_LEDGER") or VAR_DIR / "erasure-ledger.jsonl")

# Anything shared outside an organisation leaves out groups smaller than this.
CTIS_SMALL_CELL_THRESHOLD = env_int("CTIS_SMALL_CELL_THRESHOLD", 10)

# --- Cache and rate limits ----------------------------------------------------------------
# Rate limits (password reset, second factor, portal search, API tokens) count in this cache.
# Production sets CTIS_CACHE_URL (redis://host:6379/0, Django's RedisCache backend) so that
# every worker and server shares one count; without it each process counts on its own
# (`ctis check --deploy` warns). Development and tests use the local-memory cache.
CTIS_CACHE_URL = env("CTIS_CACHE_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CTIS_CACHE_URL,
    }
    if CTIS_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ctis"}
}
# Per address and per account, as "N/P" rates: N requests per period P (30/5m, 20/h).
CTIS_RATE_LIMITS = {
    "password_reset_address": env("CTIS_RATE_PASSWORD_RESET_ADDRESS", "20/h"),
    "password_reset_account": env("CTIS_RATE_PASSWORD_RESET_ACCOUNT", "3/h"),
    "two_factor_address": env("CTIS_RATE_TWO_FACTOR_ADDRESS", "30/5m"),
    "two_factor_account": env("CTIS_RATE_TWO_FACTOR_ACCOUNT", "10/5m"),
    "portal_search_address": env("CTIS_RATE_PORTAL_SEARCH_ADDRESS", "60/m"),
}
for _name, _rate in CTIS_RATE_LIMITS.items():
    if not __import__("re").fullmatch(r"[1-9]\d*/\d*[smhd]", _rate or ""):
        raise ImproperlyConfigured(
            f"rate limit {_name} must look like 20/h or 30/5m, not {_rate!r}"
        )

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "ctis" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"

# --- API --------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Knox tokens, whose holders passed the second factor when the token was issued.
        "ctis.accounts.api_auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["ctis.accounts.api_permissions.DenyByDefault"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    # Token requests: per address, and per account (the one-time code is checked there).
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute", "token_account": "20/hour"},
    # Count addresses as the login lockout does: X-Forwarded-For only behind trusted proxies.
    "NUM_PROXIES": AXES_IPWARE_PROXY_COUNT or 0,
    "EXCEPTION_HANDLER": "ctis.core.api_errors.exception_handler",
}
REST_KNOX = {
    "TOKEN_TTL": __import__("datetime").timedelta(hours=env_int("CTIS_API_TOKEN_HOURS", 8)),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 5,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ctis API",
    "DESCRIPTION": "Counter-Trafficking Information System for the Western Balkans",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The schema and the docs page are for signed-in staff who passed the second factor.
    "SERVE_PERMISSIONS": ["ctis.accounts.api_permissions.IsVerifiedStaff"],
    # Choice sets that share a field name across the API get their own schema names.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "ctis.cases.models.Case.Status",
        "ReferralStatusEnum": "ctis.referrals.models.Referral.Status",
        "ReferralKindEnum": "ctis.referrals.models.Referral.Kind",
        "ServiceKindEnum": "ctis.directory.models.Service.Kind",
    },
}

# --- Logging: no personal data ------------------------------------------------------------
# Request lines lose their query strings (a search term could name a person) and error
# reports never carry request bodies.
DEFAULT_EXCEPTION_REPORTER_FILTER = "ctis.core.logging.NoPersonalDataReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"strip_query": {"()": "ctis.core.logging.StripQueryStringFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["strip_query"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("CTIS_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
