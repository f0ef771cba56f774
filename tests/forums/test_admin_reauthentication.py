"""Redacting restricted details in the admin asks a stale session to re-authenticate first."""

from django.urls import reverse

from forums.models import Concern
from tests.session_support import fresh_login

PASSWORD = "correct-horse-battery"


def redact(client, concern):
    return client.post(
        reverse("admin:forums_concern_changelist"),
        {"action": "redact_details", "_selected_action": [concern.pk]},
    )


def test_an_admin_who_logged_in_long_ago_must_reauthenticate_before_redacting(
    client, admin_user, restricted_concern
):
    fresh_login(client, admin_user, seconds_ago=3 * 3600)

    response = redact(client, restricted_concern)

    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert Concern.objects.get(pk=restricted_concern.pk).details == restricted_concern.details


def test_after_reauthenticating_the_redaction_goes_ahead(client, admin_user, restricted_concern):
    fresh_login(client, admin_user, seconds_ago=3 * 3600)
    asked = redact(client, restricted_concern)["Location"]

    client.post(asked, {"password": PASSWORD})

    assert Concern.objects.get(pk=restricted_concern.pk).details == ""


def test_a_fresh_login_redacts_at_once(client, admin_user, restricted_concern):
    fresh_login(client, admin_user)

    redact(client, restricted_concern)

    assert Concern.objects.get(pk=restricted_concern.pk).details == ""
