"""Redirects to log in or re-authenticate are ordinary answers: never logged as a server error."""

import logging

import pytest
from django.urls import reverse

from tests.session_support import fresh_login


@pytest.fixture
def errors_logged(caplog):
    caplog.set_level(logging.INFO)

    def errors() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]

    return errors


def test_an_anonymous_visit_to_two_factor_set_up_is_sent_to_login_without_an_error(client, db, errors_logged):
    response = client.get(reverse("mfa_activate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert errors_logged() == []


def test_a_stale_session_is_sent_to_reauthenticate_without_an_error(client, member, errors_logged):
    fresh_login(client, member, seconds_ago=3 * 3600)

    response = client.get(reverse("actions:my_actions_csv"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert errors_logged() == []


def test_a_stale_session_leaving_two_factor_is_sent_to_reauthenticate_without_an_error(
    client, secretary, errors_logged
):
    fresh_login(client, secretary, seconds_ago=3 * 3600)

    response = client.get(reverse("mfa_deactivate_totp"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert errors_logged() == []
