"""Settings, read only from environment variables.

Local defaults make `make run` work with nothing configured (SQLite, in-process Celery,
console e-mail). With DEBUG off, a missing secret, host list or database stops start-up.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)


def required_in_production(name: str, local_default):
    """Return the variable, or the local default when DEBUG is on; fail loudly otherwise."""
    value = env(name, default=None)
    if value:
        return value
    if DEBUG:
        return local_default
    raise ImproperlyConfigured(
        f"{name} must be set when DEBUG is off (see the configuration table in README.md)."
    )


SECRET_KEY = required_in_production("SECRET_KEY", "local-development-only-not-secret")
ALLOWED_HOSTS = [
    host.strip()
    for host in required_in_production("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db_url_config(
        required_in_production("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    )
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A connection that died while the site was idle (database restart) is replaced, not reused.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Pages run short queries that PostgreSQL estimates as costly (correlated subqueries): its JIT
    # compiler spent longer compiling them than running them (a quarter of a second on a meeting page).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    # Full-text search of the minutes on PostgreSQL (unaccent, GIN); inert on SQLite.
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "csp",
    "simple_history",
    "rest_framework",
    "drf_spectacular",
    "corsheaders",
    "django_htmx",
    "forums",
    "actions",
    "portal",
    "forum_site.apps.SiteConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that answers early, so /api/ responses always carry their CORS headers.
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before any view, so the page cache never answers for an address the language cookie redirects.
    "forum_site.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # request.htmx: the meeting page's forms get a section of the page back instead of a redirect.
    "django_htmx.middleware.HtmxMiddleware",
    "portal.api.middleware.OpenDataHeadersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "forum_site.middleware.StaffSecurityMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "forum_site.urls"
WSGI_APPLICATION = "forum_site.wsgi.application"

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
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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

SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "forums:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "forums.adapters.NoSignupAccountAdapter"
# The e-mail address is the login and where password resets go, so whoever changes it could take the
# account: changing it asks for the password again, counts only once a link sent to the new address
# is followed (until then the old one stays the login), and tells the old address. Reset links go
# only to verified addresses. Administrators and invitations set addresses as verified.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_FORMS = {"reset_password": "forums.adapters.VerifiedAddressResetPasswordForm"}
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Community Safety Forums"
# After five wrong passwords for one account, the next attempts wait 15 minutes.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/900s/key"}

# allauth counts login attempts in the cache. In production every web process must share one
# count, so point CACHE_URL at Redis (`redis://host:6379/1`, Django's own RedisCache backend);
# the in-process default is right for one process and for tests.
CACHE_URL = env("CACHE_URL", default="locmemcache://")
CACHES = {
    "default": env.cache_url_config(
        CACHE_URL,
        backend="django.core.cache.backends.redis.RedisCache"
        if CACHE_URL.startswith(("redis://", "rediss://"))
        else None,
    )
}

# Anonymous public pages (and the accountability numbers) are served from the cache until anything
# they could show changes (forum_site/lib/public_cache.py), and expire after this many seconds anyway.
# 0 turns it off. Off by default in production unless CACHE_URL names a shared cache: a per-process
# cache would not hear of a change made in another worker.
PUBLIC_PAGE_CACHE_SECONDS = env.int(
    "PUBLIC_PAGE_CACHE_SECONDS",
    default=300 if DEBUG or CACHE_URL.startswith(("redis://", "rediss://")) else 0,
)

LANGUAGE_CODE = "sq"
LANGUAGES = [
    ("sq", _("Albanian")),
    ("sr-latn", _("Serbian (Latin)")),
    ("sr", _("Serbian (Cyrillic)")),
    ("tr", _("Turkish")),
    ("en", _("English")),
]
# locale/ is ours (makemessages); locale_vendor/ adds languages our packages lack (allauth in Albanian).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
USE_I18N = True
TIME_ZONE = "Europe/Belgrade"  # Kosovo's civil time (CET/CEST)
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Served at the site's root: browsers ask for /favicon.ico wherever no page names an icon (PDFs, feeds).
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Invitations and password resets carry one-time links: production must name its SMTP server, or
# they would go to the console backend, i.e. into the log. An explicit EMAIL_BACKEND (the file backend
# of the worker tests) stands on its own. `email_url` is lower-case so it is not a setting: it holds
# the SMTP password.
explicit_email_backend = env("EMAIL_BACKEND", default="")
email_url = (
    env("EMAIL_URL", default="") if explicit_email_backend else required_in_production("EMAIL_URL", "")
)
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if email_url:
    vars().update(env.email_url_config(email_url))  # backend, host, port, user, password, TLS
if explicit_email_backend:
    EMAIL_BACKEND = explicit_email_backend
# For the file backend (integration tests read what a worker sent).
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="forums@localhost")
# The public address: every absolute link sent out (e-mails, feed, calendar) starts with it. Required in
# production: a default would send readers to this machine's loopback address.
SITE_URL = required_in_production("SITE_URL", "http://127.0.0.1:8000")

# Celery: with no broker, tasks run in-process so one machine needs no Redis.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Results are only kept where a caller waits for them (the health and integration tests).
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TIMEZONE = TIME_ZONE


def _periodic(task: str, **when) -> dict:
    """A task Celery beat runs at the times `when` gives (crontab's fields; the rest are `*`)."""
    return {"task": task, "schedule": crontab(**when)}


CELERY_BEAT_SCHEDULE = {
    "remind-actions-due-soon": _periodic("actions.tasks.send_due_reminders", hour=7, minute=0),
    "notify-overdue-actions": _periodic("actions.tasks.send_overdue_notices", hour=7, minute=10),
    "erase-expired-restricted-details": _periodic(
        "forums.tasks.erase_expired_restricted_details", hour=3, minute=15
    ),
    "requeue-stalled-minutes-renders": _periodic(
        "forums.minutes.tasks.requeue_stalled_renders", minute="*/5"
    ),
    "daily-submissions-digest": _periodic("forums.submissions.tasks.send_daily_digests", hour=7, minute=20),
    "erase-expired-submission-data": _periodic(
        "forums.submissions.tasks.erase_expired_submission_data", hour=3, minute=30
    ),
    "tell-citizens-of-changes": _periodic("portal.tasks.notify_citizens", minute="*/10"),
    "erase-unconfirmed-subscriptions": _periodic(
        "portal.tasks.erase_unconfirmed_subscriptions", hour=3, minute=45
    ),
    "weekly-overdue-digest": _periodic(
        "actions.tasks.send_weekly_digests", hour=7, minute=30, day_of_week="mon"
    ),
}
# Public surfaces show any count of restricted concerns below this as "fewer than N" (privacy rule 7).
PRIVACY_MIN_COUNT = env.int("PRIVACY_MIN_COUNT", default=3)
# Restricted details are erased this long after their concern was closed.
RESTRICTED_DETAILS_RETENTION_MONTHS = env.int("RESTRICTED_DETAILS_RETENTION_MONTHS", default=24)
# A redaction can be undone this many days; then the original is deleted.
REDACTION_UNDO_DAYS = env.int("REDACTION_UNDO_DAYS", default=30)
# Minutes queued for rendering this long ago with no version yet are sent to the worker again
# (a publication made while the broker was unreachable). Longer than the render task's first retries.
MINUTES_RENDER_REQUEUE_AFTER_SECONDS = env.int("MINUTES_RENDER_REQUEUE_AFTER_SECONDS", default=10 * 60)
# The public calendar feed holds the coming meetings and this many months of past ones.
CALENDAR_PAST_MONTHS = env.int("CALENDAR_PAST_MONTHS", default=12)
# Where nginx serves the media volume internally (deploy/nginx/forums.conf): published PDFs are then
# answered with X-Accel-Redirect and sent by nginx. Empty: Django sends the file itself.
PDF_X_ACCEL_PREFIX = env("PDF_X_ACCEL_PREFIX", default="")
# Assignees are reminded this many days before an action is due.
ACTION_REMINDER_DAYS = env.int("ACTION_REMINDER_DAYS", default=3)
# A meeting's agenda should be public at the latest this many days before the meeting; the
# secretary's meeting page counts down to that day and the public page promises it.
AGENDA_NOTICE_DAYS = env.int("AGENDA_NOTICE_DAYS", default=7)
# What citizens send through the site (/raise/): its text is erased this many days after the forum
# answered it, and the e-mail address for the answer when the matter is closed or this many days
# after it was sent, whichever comes first. The form tells citizens both.
SUBMISSION_TEXT_RETENTION_DAYS = env.int("SUBMISSION_TEXT_RETENTION_DAYS", default=180)
SUBMISSION_EMAIL_RETENTION_DAYS = env.int("SUBMISSION_EMAIL_RETENTION_DAYS", default=365)
# Abuse of the form, without third parties: a proof of work the browser solves (ALTCHA, served from
# here; a larger number makes each sending cost more), and limits per client address, counted in the
# cache under a keyed hash that expires with its hour.
PROOF_OF_WORK_MAX_NUMBER = env.int("PROOF_OF_WORK_MAX_NUMBER", default=200_000)
PROOF_OF_WORK_EXPIRY_MINUTES = env.int("PROOF_OF_WORK_EXPIRY_MINUTES", default=120)
RAISE_LIMIT_PER_HOUR = env.int("RAISE_LIMIT_PER_HOUR", default=5)
TRACK_FAILED_LOOKUPS_PER_HOUR = env.int("TRACK_FAILED_LOOKUPS_PER_HOUR", default=20)
# Reverse proxies in front of the site (deploy/nginx: 1). The client's address, which the limits
# above and the login limits count by, is then read that many hops back in X-Forwarded-For; with
# 0 it is the connection's own address.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# The trust survey of a meeting is open this many weeks from its minutes' first publication.
SURVEY_OPEN_WEEKS = env.int("SURVEY_OPEN_WEEKS", default=6)
# Public surfaces show a share of survey answers only from this many answers up (privacy rule 10).
SURVEY_MIN_ANSWERS = env.int("SURVEY_MIN_ANSWERS", default=10)
# Survey answers accepted from one network address per hour (counted in the cache, by a keyed hash).
SURVEY_ANSWERS_PER_ADDRESS_PER_HOUR = env.int("SURVEY_ANSWERS_PER_ADDRESS_PER_HOUR", default=10)
# E-mail alerts: requests to subscribe accepted from one network address per hour, and days an
# unconfirmed address is kept before it is erased.
SUBSCRIPTION_REQUESTS_PER_ADDRESS_PER_HOUR = env.int("SUBSCRIPTION_REQUESTS_PER_ADDRESS_PER_HOUR", default=10)
SUBSCRIPTION_CONFIRM_DAYS = env.int("SUBSCRIPTION_CONFIRM_DAYS", default=3)
# Alerts are sent by Celery in batches of this many messages, one task per batch.
ALERT_BATCH_SIZE = env.int("ALERT_BATCH_SIZE", default=50)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis hands out again a task whose worker died without acknowledging it after `visibility_timeout`
# seconds; it must be longer than any countdown or ETA we use, or such tasks would run twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    **env.json("CELERY_BROKER_TRANSPORT_OPTIONS", default={}),
}

# --- Open-data API (/api/v1/, see docs/api.md) ---------------------------------------------------
# Every API response names the licence of the data (a Link header and a field of lists).
API_LICENCE_URL = env("API_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/")
API_LICENCE_NAME = env("API_LICENCE_NAME", default="CC BY 4.0")
# Anonymous requests per client address, counted in the cache (CACHE_URL: share it between web
# processes in production). "none" turns throttling off.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="120/minute")
if API_THROTTLE_RATE.lower() == "none":
    API_THROTTLE_RATE = None
REST_FRAMEWORK = {
    # Read-only and anonymous: no sessions (so no CSRF), no request bodies, JSON only.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "portal.api.schema.OpenDataSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Community Safety Forums: open data",
    "DESCRIPTION": (
        "Read-only, anonymous JSON of everything public: municipalities, forums, public meetings, "
        "published minutes, public concerns and actions, and the accountability statistics. "
        "Restricted concerns and actions are never records here, only counts (fewer than "
        f"{PRIVACY_MIN_COUNT} reads as such). Guide and examples: docs/api.md."
    ),
    "VERSION": "v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        name.title().replace("_", "") + "Enum": f"portal.api.serializers.{name.upper()}"
        for name in ("forum_kinds", "body_kinds", "meeting_statuses", "concern_statuses", "action_statuses")
    },
}
# Anyone may read the API from a web page elsewhere; nothing else of the site is shared.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ["ETag", "Link", "Content-Language", "Retry-After"]

# Staff sessions end after 30 idle minutes and at most 12 hours after login.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the web machines over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
# Everything is served from our own origin: no inline script, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # The proof-of-work widget of /raise/ computes in a web worker loaded from our static files.
        "worker-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "forum_site.lib.security_log.RedactSecretsFilter"}},
    "formatters": {
        "utc": {
            "()": "forum_site.lib.security_log.UTCFormatter",
            "format": "%(asctime)sZ %(levelname)s %(name)s %(message)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "utc", "filters": ["redact_secrets"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint reports every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # Without a broker, tasks run in-process, yet kombu warns on every start that "no hostname
        # was supplied" as if one were missing. With a broker its warnings matter.
        "kombu.connection": {"level": "ERROR" if CELERY_TASK_ALWAYS_EAGER else "WARNING"},
    },
}
