"""Settings read from the environment (Saleor style).

Every value has a safe default for the embedded mode (SQLite under ``var/``, eager Celery, local-memory
cache), so that ``make run`` works on a machine with nothing but Python. Production settings live in
``wuhan_fulian.settings_production``, which imports these and insists on the values production needs.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .api.tags import TAGS as API_DOC_TAGS

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "staticfiles").mkdir(exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


DEBUG = env_bool("DEBUG", False)
# The embedded default needs a key to start; production settings refuse to run with this one.
INSECURE_DEV_SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = os.environ.get("SECRET_KEY") or INSECURE_DEV_SECRET_KEY
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core.admin_site.FulianAdminConfig",  # django.contrib.admin with the app list kept per user
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "mptt",
    "simple_history",
    "import_export",
    "axes",
    "django_prometheus",
    "wuhan_fulian",
    "accounts",
    "organizations",
    "cadres",
    "venues",
    "activities",
    "evaluations",
    "demo",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.db.ReadYourWritesMiddleware",
    "accounts.auth.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "wuhan_fulian.urls"
WSGI_APPLICATION = "wuhan_fulian.wsgi.application"
ASGI_APPLICATION = "wuhan_fulian.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wuhan_fulian.context_processors.navigation",
                "wuhan_fulian.context_processors.map_tiles",
                "wuhan_fulian.pwa.page_texts",
            ],
        },
    },
]

# --- Database ------------------------------------------------------------------------------------
DEFAULT_SQLITE_URL = f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=DEFAULT_SQLITE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite: wait for a writer instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# The covering index of the monthly totals (INCLUDE activities) is PostgreSQL's; SQLite builds it on its key
# columns alone, which is what the embedded default needs.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
# A read replica for dashboards and indicators (writes never go there): see core/db.py.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["DATABASE_REPLICA_URL"], conn_max_age=60)
    if DATABASES["replica"]["ENGINE"].startswith("django.db.backends.postgresql"):
        # a standby that is down is found in 2 s, not after the kernel's TCP timeout
        DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    # Tests: the standby's copy of the test database the runner creates on the primary (same name, no
    # database created or flushed on the replica; see tests/replica).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Reads fall back to the primary while the standby is down or further behind than these (bytes of WAL not
# replayed; seconds since its last replayed commit while WAL waits). The check is made at most once per
# REPLICA_STATUS_TTL seconds per process. After a user's write her reads go to the primary until the standby has
# replayed it, for at most REPLICA_READ_YOUR_WRITES_SECONDS.
REPLICA_MAX_LAG_BYTES = env_int("REPLICA_MAX_LAG_BYTES", 16 * 1024 * 1024)
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "10"))
REPLICA_STATUS_TTL = float(os.environ.get("REPLICA_STATUS_TTL", "1"))
REPLICA_READ_YOUR_WRITES_SECONDS = env_int("REPLICA_READ_YOUR_WRITES_SECONDS", 30)
DATABASE_ROUTERS = ["core.db.ReplicaRouter"]
# PostgreSQL: every connection the app opens has a statement timeout and JIT off (core/db.py). Web
# processes (gunicorn, runserver, tests) get DB_STATEMENT_TIMEOUT_MS; management commands (seed_wuhan,
# migrate, backup...), Celery workers and the bench scripts get DB_JOB_STATEMENT_TIMEOUT_MS (0: no limit).
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 5000)
DB_JOB_STATEMENT_TIMEOUT_MS = env_int("DB_JOB_STATEMENT_TIMEOUT_MS", 0)


def _limit_statements(web_ms, job_ms):
    import sys

    from core.db import connection_options, statement_timeout_ms

    timeout = statement_timeout_ms(sys.argv, web=web_ms, job=job_ms)
    for database in DATABASES.values():
        if database["ENGINE"].startswith("django.db.backends.postgresql"):
            options = database.setdefault("OPTIONS", {})
            options["options"] = connection_options(timeout, options.get("options", ""))


_limit_statements(DB_STATEMENT_TIMEOUT_MS, DB_JOB_STATEMENT_TIMEOUT_MS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Redis, cache and Celery ---------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # django-redis; with Redis down, reads miss and writes are dropped (logged), so the site stays up and
    # /healthz reports the outage. Short socket timeouts: a dead Redis costs a request at most ~1 s per call.
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "wuhan-fulian"}}

DJANGO_REDIS_IGNORE_EXCEPTIONS = True
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

# Sessions live in the shared cache when there is one, so any web node serves any user.
# (cached_db: read from Redis, kept in the database too, so a Redis outage logs nobody out.)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# No broker configured: run tasks in-process so the embedded mode needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_DEFAULT_RETRY_DELAY = 10
# Fail fast when the broker is down rather than hang a web request; see core.tasks.enqueue.
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# Long imports, nightly snapshots and reminders each get a queue, so a big import never delays reminders.
WORKER_QUEUES = ["default", "imports", "snapshots", "reminders"]
CELERY_TASK_ROUTES = {
    "*.import_*": {"queue": "imports"},
    "*.run_import*": {"queue": "imports"},
    "*snapshot*": {"queue": "snapshots"},
    "*remind*": {"queue": "reminders"},
}

# --- Auth ----------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out username/address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "wuhan_fulian.views.lockout"
AXES_VERBOSE = False
# Behind nginx or a load balancer: how many proxies add themselves to X-Forwarded-For. Unset (0), no
# forwarded header is trusted anywhere (axes, DRF throttles, the survey limit): rotating it gains nothing.
NUM_PROXIES = env_int("NUM_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.auth.client_ip"
AXES_IPWARE_PROXY_COUNT = NUM_PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if NUM_PROXIES else ("REMOTE_ADDR",)
# API tokens expire (401 "令牌已过期"); they are also revoked when the password, role or scope changes.
API_TOKEN_LIFETIME_DAYS = env_int("API_TOKEN_LIFETIME_DAYS", 30)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- Language and time ---------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
S3_BUCKET = os.environ.get("S3_BUCKET", "")
# Every /media/ file goes through wuhan_fulian/media.py (scope-checked, 404 otherwise). Behind nginx, set
# MEDIA_ACCEL_REDIRECT to an `internal` location over MEDIA_ROOT (e.g. /protected-media/) and nginx sends
# the bytes; on object storage the view redirects to a signed URL valid MEDIA_SIGNED_URL_SECONDS.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
MEDIA_SIGNED_URL_SECONDS = env_int("MEDIA_SIGNED_URL_SECONDS", 300)
STORAGES = {
    # Uploaded media: S3-compatible object storage when configured (a private bucket: links name our
    # view, which redirects to a short-lived signed URL), else MEDIA_ROOT (which several web nodes may
    # share as a mounted directory).
    "default": (
        {
            "BACKEND": "wuhan_fulian.media.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
                "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
                "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
                "region_name": os.environ.get("S3_REGION") or None,
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": MEDIA_SIGNED_URL_SECONDS,
                "file_overwrite": False,
            },
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
# Files in one request (Django's default is 100); photo uploads allow MAX_PHOTOS_PER_REQUEST of them.
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# Over 1,000 parameters (query string or form) is a 400 (JSON on the API: core/middleware.py).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000

# --- REST API ------------------------------------------------------------------------------------
# Anonymous survey answers per client address (evaluations.throttle.SurveyRateThrottle, DRF's "survey"
# scope); an event may put many phones behind one Wi-Fi address.
SURVEY_RATE_PER_IP = os.environ.get("SURVEY_RATE_PER_IP", "120/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.auth.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["core.api.permissions.ScopedPermission"],
    "DEFAULT_FILTER_BACKENDS": [
        # Ours: no filter, search or sort on a masked field; search terms and length capped; ordering only
        # on the fields a view declares (core/lookups.py).
        "core.api.filters.DjangoFilterBackend",
        "core.api.filters.SearchFilter",
        "core.api.filters.OrderingFilter",
    ],
    # JSON bodies within DATA_UPLOAD_MAX_MEMORY_SIZE and 32 levels of nesting (Chinese 400s beyond).
    "DEFAULT_PARSER_CLASSES": [
        "core.api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "wuhan_fulian.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "core.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "120/minute", "user": "2000/minute", "survey": SURVEY_RATE_PER_IP},
    # Behind nginx or a load balancer: how many proxies add themselves to X-Forwarded-For.
    # 0 (not None): DRF's throttles then use REMOTE_ADDR; None would trust any X-Forwarded-For sent.
    "NUM_PROXIES": NUM_PROXIES,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "武汉市妇联区域化建设 API",
    "DESCRIPTION": "组织联建、人员联管、阵地联用、活动联办、成效联评 — Wuhan Women's Federation regional network.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Swagger UI only (ReDoc always loads its logo from a CDN): no request leaves the site, not even the
    # validator badge.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # Tags: the app after /api/v1/, named in Chinese (wuhan_fulian/api/schema.py).
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "TAGS": API_DOC_TAGS,
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema is public (it describes the API, not data); every data endpoint still needs a login.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "ENUM_NAME_OVERRIDES": {"AccountRoleEnum": "accounts.models.Role"},
}

# --- Domain settings (configurable, never law) ---------------------------------------------------
REFORM_YEAR = env_int("REFORM_YEAR", 2017)
# The reach gap (venues/reach.py): a community farther than this from every Women's Home of its cluster
# (about a 15-minute walk; a setting, not a rule of the seed).
VENUE_REACH_KM = float(os.environ.get("VENUE_REACH_KM", "1.5"))
# A base map under the maps, off by default (the maps then need no other host): an XYZ tile URL in Web
# Mercator with {z}, {x} and {y}, e.g. the city's own 天地图 service. Its host is added to the pages' img-src.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")


def tile_origins(url):
    """The tile server's origin for the pages' img-src (none for tiles served by this site)."""
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme in ("http", "https") and parts.netloc else []


if MAP_TILE_URL and not all(part in MAP_TILE_URL for part in ("{z}", "{x}", "{y}")):
    raise ImproperlyConfigured("MAP_TILE_URL needs {z}, {x} and {y}")
# Pages of the public directory (venues/directory.py) per client address.
DIRECTORY_RATE = os.environ.get("DIRECTORY_RATE", "120/minute")
TERM_LENGTH_YEARS = env_int("TERM_LENGTH_YEARS", 5)
# Cadre training (培训同步管理): hours a chair or vice chair needs per year, and the months a new cadre has
# for her first training (cadres/training.py gap rules).
CADRE_TRAINING_HOURS_PER_YEAR = env_int("CADRE_TRAINING_HOURS_PER_YEAR", 8)
NEW_CADRE_TRAINING_MONTHS = env_int("NEW_CADRE_TRAINING_MONTHS", 6)
ROTATION_CHECK_DEADLINE_DAY = env_int("ROTATION_CHECK_DEADLINE_DAY", 5)
MAX_PHOTO_BYTES = env_int("MAX_PHOTO_BYTES", 8 * 1024 * 1024)
# Pixels per image, read from the header before decoding (core/images.py); photos per request.
MAX_PHOTO_PIXELS = env_int("MAX_PHOTO_PIXELS", 40_000_000)
MAX_PHOTOS_PER_REQUEST = env_int("MAX_PHOTOS_PER_REQUEST", 9)
# Where reminders are sent besides the home page (dotted paths of sender callables; none by default).
REMINDER_BACKENDS = env_list("REMINDER_BACKENDS")
# The message centre (accounts/inbox.py): every reminder, review result and notice lands in the recipient's
# inbox, then goes out through these senders (dotted paths of ``sender(message) -> bool``; each delivery is
# recorded): accounts.senders.console in development, accounts.senders.sms (through SMS_GATEWAY, a dotted
# path of ``send(phone, text) -> bool``) and accounts.senders.email in production.
MESSAGE_SENDERS = env_list("MESSAGE_SENDERS", "accounts.senders.console" if DEBUG else "")
SMS_GATEWAY = os.environ.get("SMS_GATEWAY", "")
# Review of logged activities (上报 → 审核 → 退回/通过): which levels a federation's staff review, by the
# reviewer's own level (the federation one level up). Whether indicators count every submitted activity
# ("submitted", figures stay live) or only approved ones ("approved").
REVIEW_LEVELS = {
    "CITY": ["DISTRICT", "FUNCTIONAL_ZONE"],
    "DISTRICT": ["STREET", "TOWNSHIP"],
    "FUNCTIONAL_ZONE": ["STREET", "TOWNSHIP"],
    "STREET": ["COMMUNITY", "VILLAGE", "GRID_GROUP"],
    "TOWNSHIP": ["COMMUNITY", "VILLAGE", "GRID_GROUP"],
}
INDICATORS_COUNT = os.environ.get("INDICATORS_COUNT", "submitted")
# Survey ballot stuffing (README "Survey answers"): answers beyond these per-survey limits are stored but
# flagged, and flagged answers stay out of the indicators unless SURVEY_COUNT_FLAGGED (then run
# ``manage.py rebuild_evaluation_stats`` once, the kept counters were made under the old rule).
SURVEY_ADDRESS_DAILY_LIMIT = env_int("SURVEY_ADDRESS_DAILY_LIMIT", 10)
SURVEY_FINGERPRINT_DAILY_LIMIT = env_int("SURVEY_FINGERPRINT_DAILY_LIMIT", 5)
SURVEY_COUNT_FLAGGED = env_bool("SURVEY_COUNT_FLAGGED", False)
# Kept totals (core/counters.py): keys of each checked against the source rows every night (0: every key),
# and whether the nightly check rewrites the drifted ones (``manage.py reconcile_counters --repair`` does).
COUNTERS_RECONCILE_SAMPLE = env_int("COUNTERS_RECONCILE_SAMPLE", 500)
COUNTERS_RECONCILE_REPAIR = env_bool("COUNTERS_RECONCILE_REPAIR", False)

# --- Security (tightened further in production settings) -----------------------------------------
X_FRAME_OPTIONS = "DENY"
# No inline script on our pages: scripts come from /static/ only (django-csp).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *tile_origins(MAP_TILE_URL)],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# /metrics: open on loopback; elsewhere only with METRICS_TOKEN (Authorization: Bearer ...).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "core.middleware.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(user)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": os.environ.get("LOG_FORMAT", "plain"),
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Serve static files straight from the app folders unless collected (production collects).
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", True)
