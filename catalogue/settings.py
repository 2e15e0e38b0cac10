"""Settings for the catalogue, read from the environment.

Every value a deployment changes comes from an environment variable (see README,
"Configuration"). The defaults are safe for a laptop: DEBUG is off, the database is an
embedded PostgreSQL under ``var/``, and only loopback hosts are allowed.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """Strict: anything but a known true/false word is a configuration error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set; set it, or set DEBUG=true for development"
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles so runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "axes",
    "catalogue",
    "municipalities",
    "programmes",
]

MIDDLEWARE = [
    # First: times, counts queries and logs every response, static files and probes included.
    "catalogue.middleware.RequestLogMiddleware",
    # Second: the Content-Security-Policy goes on every response.
    "catalogue.middleware.ContentSecurityPolicyMiddleware",
    # Before SecurityMiddleware: load-balancer probes skip the https redirect and host check.
    "catalogue.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Directly after SecurityMiddleware so static files skip the rest of the stack.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # ETag on every page, and 304 Not Modified when the browser's copy is current.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before the session, locale, CSRF and auth middleware: a cached page skips them all.
    "catalogue.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A view whose database is down answers 503 (see catalogue/middleware.py).
    "catalogue.middleware.DatabaseUnavailableMiddleware",
    # Last, so a locked-out login never reaches the view.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "catalogue.urls"
WSGI_APPLICATION = "catalogue.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
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

# --- Database -------------------------------------------------------------------------------
# PostgreSQL only: DATABASE_URL selects a server; without it an embedded one is started.
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            "DATABASE_URL must be a PostgreSQL URL like postgresql://user:password@host:5432/name"
        )
    try:
        _database = dj_database_url.parse(DATABASE_URL)
    except (ValueError, dj_database_url.ParseError) as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
    if not _database.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL names no database (add /name at the end)")
else:
    from catalogue import embedded_postgres

    _database = embedded_postgres.database_settings(os.environ.get("EMBEDDED_DB_NAME", "catalogue"))

_database.update(
    ENGINE="django.db.backends.postgresql",
    CONN_MAX_AGE=CONN_MAX_AGE,
    # Persistent connections are checked before reuse, so a restarted server is survived.
    CONN_HEALTH_CHECKS=True,
    OPTIONS={
        "connect_timeout": env_int("DATABASE_CONNECT_TIMEOUT", 5),
        # A slow query cannot hold a worker for ever.
        "options": f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT_MS', 10000)}",
        **_database.get("OPTIONS", {}),
    },
)
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages --------------------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [
    ("sv", _("Swedish")),
    ("en", _("English")),
    ("da", _("Danish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

# --- Static files -----------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Security ---------------------------------------------------------------------------------
# Production values whenever DEBUG is off; `manage.py check --deploy` reports nothing with
# HTTPS on and a real SECRET_KEY. README "Deploying" explains each variable.
# HTTPS is on unless a local, plain-http run (make run) turns it off.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# Neither cookie is for scripts: forms carry the CSRF token in a hidden field.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# Lax, not Strict: a staff member following a link to the admin from e-mail stays signed in.
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# HSTS: browsers use https only, for a year. Only sent over https, so never on `make run`.
_hsts_seconds = env_int("SECURE_HSTS_SECONDS", 31536000)  # read (and checked) even with HTTPS off
SECURE_HSTS_SECONDS = _hsts_seconds if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading commits the whole registrable domain (the municipality's, usually) to https in
# browsers for months; only its owner can decide that, so it is off unless asked for and
# Django's reminder about it (security.W021) is silenced while it is off.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind a TLS-terminating proxy. gunicorn already takes X-Forwarded-Proto as the scheme, but
# only from FORWARDED_ALLOW_IPS (gunicorn.conf.py); prefer that. SECURE_PROXY_SSL_HEADER (a
# header name, e.g. X-Forwarded-Proto) makes Django believe that header from ANY client that
# reaches it: set it only when every request passes through a proxy that overwrites it.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
if _proxy_ssl_header:
    if not _proxy_ssl_header.replace("-", "").isalnum():
        raise ImproperlyConfigured(
            f"SECURE_PROXY_SSL_HEADER must be a header name like X-Forwarded-Proto, "
            f"not {_proxy_ssl_header!r}"
        )
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https")

# Content-Security-Policy, sent by catalogue.middleware.ContentSecurityPolicyMiddleware on every
# response. Everything comes from this site; no inline script or style anywhere (data: images
# are the admin's inline SVG icons and CSS backgrounds).
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
# Browser features the site never uses, switched off for it and anything it might embed.
PERMISSIONS_POLICY = "camera=(), geolocation=(), microphone=(), payment=(), usb=()"

# Served as /.well-known/security.txt (RFC 9116); without a contact that address is a 404.
SECURITY_CONTACTS = [
    contact if ":" in contact else f"mailto:{contact}"
    for contact in env_list("SECURITY_CONTACT", "")
]
SECURITY_TXT_EXPIRES = None
if os.environ.get("SECURITY_TXT_EXPIRES", "").strip():
    try:
        SECURITY_TXT_EXPIRES = datetime.datetime.fromisoformat(
            os.environ["SECURITY_TXT_EXPIRES"].strip()
        )
    except ValueError:
        raise ImproperlyConfigured(
            "SECURITY_TXT_EXPIRES must be a date like 2027-06-30, "
            f"not {os.environ['SECURITY_TXT_EXPIRES']!r}"
        ) from None
    if SECURITY_TXT_EXPIRES.tzinfo is None:
        SECURITY_TXT_EXPIRES = SECURITY_TXT_EXPIRES.replace(tzinfo=datetime.UTC)

# Error pages are templates/400.html … 503.html and 403_csrf.html (Django's CSRF failure page);
# handler500 in catalogue/urls.py turns a database outage outside a view into the 503 page.

# --- Logging ----------------------------------------------------------------------------------
# JSON lines on stdout (catalogue/logging.py): one per request from RequestLogMiddleware, errors
# with their traceback and request context, secrets scrubbed. gunicorn writes the same format.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").strip().upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, not {LOG_LEVEL}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_context": {"()": "catalogue.logging.RequestContextFilter"},
        "uncaught_exceptions_only": {"()": "catalogue.logging.UncaughtExceptionsOnly"},
    },
    "formatters": {"json": {"()": "catalogue.logging.JsonFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_context"],
        },
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's own handlers (plain-text console, mail to ADMINS): all goes to root.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        # Our request line already covers 4xx/5xx responses; keep uncaught exceptions only.
        "django.request": {"filters": ["uncaught_exceptions_only"]},
        # Never DEBUG: it would log SQL parameters (password hashes, session keys).
        "django.db.backends": {"level": "INFO"},
        # Start-up chatter on every manage.py command, whose stdout may be data (dumpdata).
        "axes.apps": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
    },
}

# --- Login protection (django-axes) -----------------------------------------------------------
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- Accessibility statement (/tillganglighet/) -----------------------------------------------
# Where readers report accessibility problems; the operator must set a real, monitored address.
ACCESSIBILITY_CONTACT_EMAIL = os.environ.get(
    "ACCESSIBILITY_CONTACT_EMAIL", "tillganglighet@katalog.example"
)
# When the statement was last reviewed (ISO date); update it with every review.
ACCESSIBILITY_STATEMENT_DATE = os.environ.get("ACCESSIBILITY_STATEMENT_DATE", "2026-11-29")

# --- Cached counts and lists (catalogue/datacache.py) -----------------------------------------
# Costly aggregates (home numbers, facet counts, region and municipality lists) are cached per
# process until the catalogue's data version changes (raised by database triggers on every
# write), and for at most this many seconds. 0 turns the cache off.
CATALOGUE_DATA_CACHE_SECONDS = env_int("DATA_CACHE_SECONDS", 600)
# The list's facet counts for visitors from bitmaps in each process's memory (about 25 MB at
# 100,000 programmes; programmes/facet_index.py) instead of one SQL query per facet.
CATALOGUE_FACET_INDEX = env_bool("FACET_INDEX", True)
# Whole pages for anonymous visitors (catalogue/pagecache.py), keyed the same way and kept as
# long. 0 turns it off. Kept in files so that every gunicorn worker shares each rendered page;
# PAGE_CACHE_DIR must be writable by the workers (and not shared between different releases).
CATALOGUE_PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        # Bounds each worker's memory: a facet set is a few kB to some tens of kB.
        "OPTIONS": {"MAX_ENTRIES": 1000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("PAGE_CACHE_DIR", str(BASE_DIR / "var" / "cache" / "pages")),
        # A page is about 10 kB compressed: at most some hundred MB of disk.
        "OPTIONS": {"MAX_ENTRIES": 20000},
    },
}
