"""Production start-up fails loudly on a missing secret, host list or database."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "forums.example.org",
    "SITE_URL": "https://forums.example.org",
    "DATABASE_URL": "postgres://forums@db.example.org/forums",
    "EMAIL_URL": "smtp+tls://forums:mail-password@smtp.example.org:587",
}
# Read from the environment when set: a test's own value, never the caller's.
OPTIONAL = {"CELERY_BROKER_URL", "EMAIL_BACKEND", "CACHE_URL"}


SHOW_DEBUG = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def load_settings(env: dict, code: str = SHOW_DEBUG) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION and k not in OPTIONAL}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "forum_site.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_settings_load_when_everything_is_set():
    result = load_settings(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL", "SITE_URL"])
def test_production_start_up_stops_on_a_missing_variable(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = load_settings(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"{missing} must be set" in result.stderr


SHOW_EMAIL = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_USE_TLS)"
)


def test_email_url_sends_mail_over_smtp_in_production():
    result = load_settings(PRODUCTION, SHOW_EMAIL)
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "587",
        "True",
    ], result.stderr


def test_an_explicit_email_backend_needs_no_email_url_in_production():
    env = {k: v for k, v in PRODUCTION.items() if k != "EMAIL_URL"}
    backend = "django.core.mail.backends.filebased.EmailBackend"
    result = load_settings({**env, "EMAIL_BACKEND": backend}, SHOW_EMAIL)
    assert result.stdout.split()[0] == backend, result.stderr


def test_e_mail_is_printed_to_the_console_locally():
    result = load_settings({}, SHOW_EMAIL)
    assert result.stdout.split()[0] == "django.core.mail.backends.console.EmailBackend", result.stderr


def test_the_smtp_password_shows_nowhere_in_the_settings_an_error_report_lists():
    code = (
        "import django; django.setup(); from django.views.debug import SafeExceptionReporterFilter; "
        "print(SafeExceptionReporterFilter().get_safe_settings())"
    )
    result = load_settings(PRODUCTION, code)
    assert "EMAIL_HOST" in result.stdout, result.stderr
    assert "mail-password" not in result.stdout


def test_local_defaults_need_nothing():
    result = load_settings({})
    assert result.returncode == 0, result.stderr


def test_tasks_run_in_process_without_a_broker_and_go_to_the_broker_when_set():
    code = "from forum_site.celery import app; print(app.conf.task_always_eager)"
    assert load_settings({}, code).stdout.strip() == "True"
    assert load_settings({"CELERY_BROKER_URL": "redis://127.0.0.1:1/0"}, code).stdout.strip() == "False"


def test_the_deployment_checklist_passes_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k not in PRODUCTION},
            **PRODUCTION,
            "SECRET_KEY": "k3y-" + "a1B2c3D4e5F6g7H8" * 4,
            "DATABASE_URL": "sqlite:////tmp/deploy-check.sqlite3",
            "CACHE_URL": "redis://redis.example.org:6379/1",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_cookies_and_headers_are_strict():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
        "s.SESSION_COOKIE_SAMESITE, s.SECURE_HSTS_SECONDS > 0, s.SECURE_CONTENT_TYPE_NOSNIFF)"
    )
    assert load_settings(PRODUCTION, code).stdout.split() == ["True", "True", "True", "Lax", "True", "True"]


def test_every_response_carries_the_security_headers(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


RUN_A_TASK = (
    "import django; django.setup(); from forum_site.celery import ping; ping.apply_async(ignore_result=True)"
)


def test_without_a_broker_tasks_run_in_process_without_a_broker_warning():
    result = load_settings({}, RUN_A_TASK)

    assert result.returncode == 0, result.stderr
    assert "No hostname was supplied" not in result.stderr
    assert "succeeded" in result.stderr


def test_with_a_broker_its_connection_warnings_are_logged():
    result = load_settings(
        {"CELERY_BROKER_URL": "redis://127.0.0.1:9/0"},
        "import django, logging; django.setup(); print(logging.getLogger('kombu.connection').isEnabledFor(30))",
    )

    assert result.stdout.strip() == "True"
