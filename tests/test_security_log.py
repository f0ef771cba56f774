"""Logins, failures and denied accesses are logged in UTC; no line holds content or secrets."""

import logging
import re

import pytest
from django.core import mail

from forums import retention
from forums.invitations import invite_person
from forums.security_log import RedactSecretsFilter, UTCFormatter
from tests import factories

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
