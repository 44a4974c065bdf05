"""Sanjian settings: one module, every machine-specific value read from the environment.

With no environment at all this runs the embedded default: SQLite in WAL mode, a local-memory
cache and a SQLite task queue under ``var/``. ``DATABASE_URL`` switches to PostgreSQL,
``REDIS_URL`` to Redis for the cache and the task queue, ``DJANGO_ENV=production`` to the
hardened settings that pass ``manage.py check --deploy``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url

from sanjian.env import envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(envstr("SANJIAN_DATA_DIR", str(BASE_DIR / "var")))
PRODUCTION = envstr("DJANGO_ENV", "development") == "production"

DEBUG = envbool("DEBUG", False) and not PRODUCTION
if PRODUCTION:
    # A production secret never comes from a file the app wrote for itself.
    SECRET_KEY = envstr("SECRET_KEY")
    if not SECRET_KEY:
        raise RuntimeError("DJANGO_ENV=production needs SECRET_KEY in the environment")
else:
    SECRET_KEY = envsecret("SECRET_KEY", DATA_DIR / "secret_key")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise RuntimeError("DJANGO_ENV=production needs ALLOWED_HOSTS in the environment")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])


INSTALLED_APPS = [
    # Our apps first, so that their templates and translations win over the libraries' own.
    "sanjian.web",
    "sanjian.lib",
    "sanjian.tenancy",
    "sanjian.org",
    "sanjian.members",
    "sanjian.windows",
    "sanjian.assessment",
    "sanjian.dedication",
    "sanjian.service",
    "sanjian.health",
    "sanjian.reports",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "huey.contrib.djhuey",
]

MIDDLEWARE = [
    # Residents' public pages without a session take a short chain of their own (see there).
    "sanjian.web.public_path.PublicPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "sanjian.lib.security.ContentSecurityPolicyMiddleware",
    # Only with DATABASE_REPLICA_URL: a browser that just wrote reads the primary for a while.
    "sanjian.lib.replica.ReplicaPinMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sanjian.web.middleware.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "sanjian.tenancy.middleware.CommunityMiddleware",
    # Turns a lockout signalled during authentication into the lockout page.
    "axes.middleware.AxesMiddleware",
    # After a write to a community, its dashboard's cached figures are recomputed.
    "sanjian.reports.middleware.DashboardFreshnessMiddleware",
]

ROOT_URLCONF = "sanjian.urls"
WSGI_APPLICATION = "sanjian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sanjian.web.context_processors.layout",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 600), conn_health_checks=True
        )
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The same backend, with a health check that asks the server only after a second idle
        # (sanjian/lib/postgresql/base.py): no extra round trip per request under load.
        DATABASES["default"]["ENGINE"] = "sanjian.lib.postgresql"
else:
    DATABASES = {
        "default": {
            # Django's backend plus a real health check and a background WAL checkpoint
            # (sanjian/lib/sqlite/base.py): what persistent SQLite connections need.
            "ENGINE": "sanjian.lib.sqlite",
            "NAME": DATA_DIR / "sanjian.sqlite3",
            # Persistent, as on PostgreSQL: opening a connection (PRAGMAs, schema) and closing
            # the last one (a checkpoint) cost more than the request itself.
            "CONN_MAX_AGE": envint("DB_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            # Tests run in memory, as with Django's own backend (pytest-django knows that one by name).
            "TEST": {"NAME": ":memory:"},
            "OPTIONS": {
                # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at
                # BEGIN so that two writers queue on the busy timeout instead of deadlocking.
                # The WAL file is cut back to 64 MB after a checkpoint.
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA journal_size_limit=67108864;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
# A streaming replica of the primary: boards, dashboards and exports read it (sanjian/lib/replica.py).
DATABASE_REPLICA_URL = envstr("DATABASE_REPLICA_URL")
REPLICA_PIN_SECONDS = envint("REPLICA_PIN_SECONDS", 10)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 600), conn_health_checks=True
    )
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"]["ENGINE"] = "sanjian.lib.postgresql"
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["sanjian.lib.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and tasks ------------------------------------------------------------------------
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # The queue's name: two installations (or two test runs) sharing one Redis keep apart.
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": envstr("HUEY_NAME", "sanjian"),
        "url": REDIS_URL,
        "immediate": False,
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sanjian"}}
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "sanjian",
        "filename": str(DATA_DIR / "tasks.sqlite3"),
        "immediate": envbool("HUEY_IMMEDIATE", False),
    }

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Reverse proxies in front of the app (nginx: 1); client addresses for lockouts and rate limits.
PROXY_COUNT = envint("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "sanjian.lib.http.client_ip"

# --- Language, time, formats ----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "Simplified Chinese"), ("en", "English")]
LANGUAGE_COOKIE_NAME = "sanjian_language"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# Grouping is applied where a figure is money or a large count (|yuan, |intcomma), never to
# every integer: years, ids and form values must stay as they are.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["sanjian.web.formats"]

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm at set-up (`make`), which copies the few files the pages use
# from node_modules into build/vendor; the app serves them itself: no CDN at run time.
STATICFILES_DIRS = [("vendor", BASE_DIR / "build" / "vendor")]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# Several instances (and the task consumer) on several machines share one uploads folder.
MEDIA_ROOT = Path(envstr("SANJIAN_MEDIA_DIR", str(DATA_DIR / "media")))
# Uploaded files are served by views that check access first, never by a public URL.
MEDIA_URL = "/media-not-public/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_MB", 20) * 1024 * 1024
# What an uploaded spreadsheet may unpack to, checked before it is parsed (a zip bomb is refused
# with a message), and the rows and columns an import reads at most.
UPLOAD_MAX_UNPACKED_BYTES = envint("UPLOAD_MAX_UNPACKED_MB", 100) * 1024 * 1024
UPLOAD_MAX_ENTRIES = envint("UPLOAD_MAX_ENTRIES", 1000)
IMPORT_MAX_ROWS = envint("IMPORT_MAX_ROWS", 200_000)
IMPORT_MAX_COLUMNS = envint("IMPORT_MAX_COLUMNS", 100)

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous call 401 rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sanjian API",
    "DESCRIPTION": "The Sanjian community platform. Every community's endpoints live under /api/v1/c/<slug>/.",
    "VERSION": "1",
    "DEFAULT_GENERATOR_CLASS": "sanjian.lib.api.SchemaGenerator",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # choice sets that share a field name ("kind") across apps get names of their own
    "ENUM_NAME_OVERRIDES": {
        "ServiceSheetKindEnum": "sanjian.service.models.sheets.SheetKind",
        "ServiceRequestKindEnum": "sanjian.service.models.requests.RequestKind",
        "ServiceBanquetKindEnum": "sanjian.service.models.canteen.BanquetKind",
    },
}

# --- What the apps let people do, and how often ----------------------------------------------
# Ratings by QR code: at most this many per client address and window an hour (a canteen's
# Wi-Fi puts many phones behind one address), and how long a printed poster's code stays valid.
WINDOWS_RATINGS_PER_IP_PER_HOUR = envint("WINDOWS_RATINGS_PER_IP_PER_HOUR", 10)
WINDOWS_QR_MAX_AGE_DAYS = envint("WINDOWS_QR_MAX_AGE_DAYS", 3 * 365)
# The canteen's weekly dish, rated by QR code the same way (lib.ratings).
SERVICE_DISH_RATINGS_PER_IP_PER_HOUR = envint("SERVICE_DISH_RATINGS_PER_IP_PER_HOUR", 10)
# Volunteer hours: the most one person may log in one calendar day; look-ups of the public
# certificate verification page per client address an hour.
DEDICATION_MAX_HOURS_PER_DAY = envint("DEDICATION_MAX_HOURS_PER_DAY", 24)
DEDICATION_VERIFY_LOOKUPS_PER_IP_PER_HOUR = envint("DEDICATION_VERIFY_LOOKUPS_PER_IP_PER_HOUR", 30)

# --- What every request would otherwise read again (docs/performance.md) ---------------------
# Communities, policies and windows kept in each process expire after this many seconds even
# when no change was signalled (lib.memo); the SQLite WAL is checkpointed this often by a
# background thread (lib/sqlite/base.py).
MEMO_SECONDS = envint("MEMO_SECONDS", 300)
# The dashboard's figures and charts are kept in the cache (CACHES) this many seconds at most,
# per community, period and language; a write request to the community drops them at once
# (reports.middleware). 0 computes them on every request.
REPORTS_DASHBOARD_SECONDS = envint("REPORTS_DASHBOARD_SECONDS", 60)
SQLITE_CHECKPOINT_SECONDS = envint("SQLITE_CHECKPOINT_SECONDS", 1)

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers), not the cookie
X_FRAME_OPTIONS = "DENY"
# Scripts only from our own static files (no inline script, no handler attributes, no CDN);
# inline styles stay allowed (Bootstrap utilities and htmx's indicator styles use them).
CONTENT_SECURITY_POLICY = envstr(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_refusals": {"()": "sanjian.lib.logs.OneLineRefusals"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["one_line_refusals"]},
    },
}

FORM_RENDERER = "sanjian.web.forms.BootstrapFormRenderer"
AXES_VERBOSE = False
