"""Deployment checks of our own, shown by `manage.py check --deploy` beside Django's."""

from django.conf import settings
from django.core.checks import Warning

PER_PROCESS_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
}
CONSOLE_EMAIL = "django.core.mail.backends.console.EmailBackend"


def shared_cache(app_configs, **kwargs) -> list[Warning]:
    """Login rate limits are counted in the cache: a per-process cache gives each worker its own count."""
    if settings.DEBUG or settings.CACHES["default"]["BACKEND"] not in PER_PROCESS_CACHES:
        return []
    return [
        Warning(
            "The default cache is kept per process, so every web worker counts failed logins on its "
            "own and an attacker gets that many more attempts.",
            hint="Set CACHE_URL to a Redis shared by all web machines, e.g. redis://redis-host:6379/1.",
            id="forum_site.W001",
        )
    ]


def email_not_logged(app_configs, **kwargs) -> list[Warning]:
    """Invitations and password resets carry one-time links; the console backend prints them to the log."""
    if settings.DEBUG or settings.EMAIL_BACKEND != CONSOLE_EMAIL:
        return []
    return [
        Warning(
            "E-mails are printed to the console, so set-password and reset links end up in the log.",
            hint="Set EMAIL_URL to the SMTP server, e.g. smtp+tls://user:password@smtp.example.org:587.",
            id="forum_site.W002",
        )
    ]
