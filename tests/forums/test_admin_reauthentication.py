"""Redacting restricted details in the admin asks a stale session to re-authenticate first."""

import pytest
from django.urls import reverse

from forums.models import Concern
from tests import factories
from tests.session_support import fresh_login

PASSWORD = "correct-horse-battery"


@pytest.fixture
def restricted(meeting, restricted_category):
    return factories.ConcernFactory(
        meeting=meeting,
        category=restricted_category,
        details="Address known to police",
        visibility="restricted",
    )


def redact(client, concern):
    return client.post(
        reverse("admin:forums_concern_changelist"),
        {"action": "redact_details", "_selected_action": [concern.pk]},
    )


def test_an_admin_who_logged_in_long_ago_must_reauthenticate_before_redacting(client, admin_user, restricted):
    fresh_login(client, admin_user, seconds_ago=3 * 3600)

    response = redact(client, restricted)

    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Concern.objects.get(pk=restricted.pk).details == "Address known to police"


def test_after_reauthenticating_the_redaction_goes_ahead(client, admin_user, restricted):
    fresh_login(client, admin_user, seconds_ago=3 * 3600)
    asked = redact(client, restricted)["Location"]

    client.post(asked, {"password": PASSWORD})

    assert Concern.objects.get(pk=restricted.pk).details == ""


def test_a_fresh_login_redacts_at_once(client, admin_user, restricted):
    fresh_login(client, admin_user)

    redact(client, restricted)

    assert Concern.objects.get(pk=restricted.pk).details == ""
