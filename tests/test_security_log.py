"""Logins, failures and denied accesses are logged in UTC; no line holds content or secrets."""

import io
import logging
import re
import runpy
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.account.models import EmailConfirmationHMAC
from django.core import mail
from django.urls import reverse
from django.utils import translation
from gunicorn.config import Config

from forum_site.lib.security_log import RedactSecretsFilter
from forum_site.lib.security_log import UTCFormatter
from forum_site.lib.security_log import redact
from forums import retention
from forums.invitations import invitation_link
from forums.invitations import invite_person
from tests import factories

ROOT = Path(__file__).resolve().parent.parent

MARKER = "MARKER-7f3a"


@pytest.fixture
def captured(caplog):
    caplog.set_level(logging.DEBUG)
    caplog.handler.addFilter(RedactSecretsFilter())
    return caplog


def all_lines(caplog) -> str:
    return "\n".join(caplog.handler.format(r) for r in caplog.records)


def test_logins_failures_and_denials_are_logged(client, captured, member, meeting, outsider):
    client.post("/accounts/login/", {"login": member.email, "password": "wrong-" + MARKER})
    client.post("/accounts/login/", {"login": member.email, "password": "correct-horse-battery"})
    client.force_login(outsider)
    client.get(f"/staff/meetings/{meeting.pk}/")

    security = [r.getMessage() for r in captured.records if r.name == "forums.security"]
    assert any(line.startswith("login failed") for line in security)
    assert any(line.startswith(f"login user={member.pk}") for line in security)
    assert any("access denied status=404" in line for line in security)
    assert MARKER not in all_lines(captured)
    assert member.email not in "\n".join(security)


def test_no_log_line_holds_concern_text_passwords_or_reset_tokens(
    client, captured, secretary, meeting, restricted_category, db
):
    concern = factories.ConcernFactory(
        meeting=meeting, category=restricted_category, visibility="restricted", details=MARKER, summary=MARKER
    )
    retention.record_restricted_view(concern=concern, by=secretary)
    admin_user = factories.UserFactory(username="admin", is_staff=True, is_superuser=True)
    invite_person(email="new@komuna.example", by=admin_user)
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0).replace("http://127.0.0.1:8000", "")
    key = link.rstrip("/").rsplit("-", 1)[-1]
    client.get(link.replace(key, key + "x"))  # a wrong key is logged as a 4xx with the path
    logging.getLogger("django.request").warning("Not Found: %s", link)

    text = all_lines(captured)
    assert MARKER not in text
    assert key not in text
    assert "correct-horse-battery" not in text


def test_log_times_are_utc():
    formatter = UTCFormatter("%(asctime)s", datefmt="%H")
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "m", (), None)
    record.created = 0  # 1970-01-01T00:00:00Z
    assert formatter.format(record) == "00"


def one_time_links(user) -> dict[str, str]:
    """The links that carry a one-time secret, as the site builds them, and that secret."""
    uid, token = invitation_link(user).rstrip("/").rsplit("/", 1)[-1].split("-", 1)
    address = EmailAddress.objects.create(user=user, email="new@komuna.example")
    confirmation_key = EmailConfirmationHMAC(address).key
    alert_token = "Zx9-alert_token_of_a_subscriber"
    return {
        reverse("account_reset_password_from_key", kwargs={"uidb36": uid, "key": token}): token,
        reverse("account_confirm_email", args=[confirmation_key]): confirmation_key,
        # E-mail alerts: whoever holds these links confirms or ends someone's subscription.
        reverse("portal:subscribe_confirm", args=[alert_token]): alert_token,
        reverse("portal:unsubscribe", args=[alert_token]): alert_token,
    }


@pytest.mark.parametrize("language", ["sq", "sr-latn", "en"])
def test_reset_invitation_and_confirmation_links_are_masked_in_any_language(member, language):
    with translation.override(language):
        links = one_time_links(member)

    for path, secret in links.items():
        for line in [
            f"Not Found: {path}",
            f'"GET {path} HTTP/1.1" 302 0',
            f"link=http://127.0.0.1:8000{path}?next=/staff/",
        ]:
            assert secret not in redact(line)
            assert "[redacted]" in redact(line)


@pytest.mark.parametrize("name", ["token", "key", "code", "secret", "password"])
def test_secrets_in_a_query_string_are_masked(name):
    assert redact(f"/accounts/x/?{name}=s3cr3t-value&next=/") == f"/accounts/x/?{name}=[redacted]&next=/"


def test_a_traceback_holding_a_reset_link_is_masked(member, captured):
    path, token = next(iter(one_time_links(member).items()))
    try:
        raise RuntimeError(f"failed while serving {path}")
    except RuntimeError:
        logging.getLogger("forums.errors").exception("server error")

    assert "RuntimeError" in all_lines(captured)
    assert token not in all_lines(captured)


def test_every_handler_of_the_site_log_masks_secrets():
    handlers = {
        handler for name in ("", "django", "django.server") for handler in logging.getLogger(name).handlers
    }
    ours = [handler for handler in handlers if isinstance(handler.formatter, UTCFormatter)]
    assert ours
    assert all(any(isinstance(f, RedactSecretsFilter) for f in handler.filters) for handler in ours)


def test_gunicorn_masks_reset_links_in_its_access_log(member):
    path, token = next(iter(one_time_links(member).items()))
    conf = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    config = Config()
    config.set("accesslog", "-")
    gunicorn_log = conf["logger_class"](config)
    stream = io.StringIO()
    gunicorn_log.access_log.handlers[0].setStream(stream)

    atoms = gunicorn_log.atoms_wrapper_class({"r": f"GET {path} HTTP/1.1", "s": "302"})
    gunicorn_log.access_log.info(config.access_log_format, atoms)

    assert "[redacted]" in stream.getvalue()
    assert token not in stream.getvalue()
