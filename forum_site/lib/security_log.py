"""The security log: logins, failed logins, logouts and denied accesses, in UTC, with no content.

Lines carry user ids and paths only: never concern text, passwords or tokens. Password-reset and
invitation links (the same allauth path), e-mail confirmation links and secret-looking query
parameters are masked by RedactSecretsFilter in every line and traceback, whatever logged them;
deploy/gunicorn.conf.py puts the same filter on gunicorn's access log.
"""

import hashlib
import logging
import re
import time

from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.signals import user_logged_out
from django.contrib.auth.signals import user_login_failed

logger = logging.getLogger("forums.security")

# Password-reset and e-mail confirmation links carry one-time keys in their path, and so do the
# links of e-mail alerts (confirming a subscription, leaving it).
SECRET_IN_PATH = re.compile(r"(/(?:key|confirm-email|subscribe/confirm|unsubscribe)/)[^/\s\"']+")
SECRET_IN_QUERY = re.compile(r"((?:password|token|key|code|secret)=)[^&\s\"']+", re.IGNORECASE)


def redact(text: str) -> str:
    return SECRET_IN_QUERY.sub(r"\1[redacted]", SECRET_IN_PATH.sub(r"\1[redacted]", text))


# Formats a traceback once, so the filter can mask it before any handler prints it.
_TRACEBACKS = logging.Formatter()


class RedactSecretsFilter(logging.Filter):
    """Masks one-time keys and secrets in every log record, whatever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.msg = record.getMessage()
            record.args = ()
        record.msg = redact(str(record.msg))
        # An exception's text can hold the URL being served (a reset link) as well.
        if record.exc_info and not record.exc_text:
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class UTCFormatter(logging.Formatter):
    converter = time.gmtime


def _fingerprint(login: str) -> str:
    """A stable short hash of a login name, to see repeated attempts without logging the name."""
    return hashlib.sha256(login.strip().lower().encode()).hexdigest()[:12]


def on_login(sender, request, user, **kwargs):
    logger.info("login user=%s ip=%s", user.pk, _client_ip(request))


def on_logout(sender, request, user, **kwargs):
    logger.info("logout user=%s", getattr(user, "pk", None))


def on_login_failed(sender, credentials, request=None, **kwargs):
    login = str(credentials.get("email") or credentials.get("username") or credentials.get("login") or "")
    logger.warning("login failed login_hash=%s ip=%s", _fingerprint(login), _client_ip(request))


def log_denied(request, status: int) -> None:
    user_id = request.user.pk if request.user.is_authenticated else None
    logger.warning(
        "access denied status=%s user=%s method=%s path=%s", status, user_id, request.method, request.path
    )


def _client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "-") if request is not None else "-"


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="forums.security.login")
    user_logged_out.connect(on_logout, dispatch_uid="forums.security.logout")
    user_login_failed.connect(on_login_failed, dispatch_uid="forums.security.login_failed")
