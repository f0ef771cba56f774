"""Publishing minutes asks a stale session for the password again, then goes ahead."""

import pytest
from django.urls import reverse

from forums.models import Minutes
from tests.factories import totp_code
from tests.minutes_support import approved_minutes
from tests.minutes_support import past_meeting
from tests.session_support import fresh_login

PASSWORD = "correct-horse-battery"


@pytest.fixture
def approved(forum, secretary, chair):
    return approved_minutes(past_meeting(forum), secretary=secretary, chair=chair)


def publish_url(minutes):
    return reverse("minutes:transition", args=[minutes.meeting_id, "publish"])


def test_a_secretary_who_logged_in_long_ago_is_asked_to_reauthenticate_before_publishing(
    client, approved, secretary
):
    fresh_login(client, secretary, seconds_ago=3 * 3600)

    response = client.post(publish_url(approved))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    approved.refresh_from_db()
    assert approved.render_state == Minutes.RENDER_IDLE
    assert not approved.versions.exists()


def test_after_reauthenticating_with_the_password_publishing_goes_ahead(
    client, approved, secretary, django_capture_on_commit_callbacks
):
    fresh_login(client, secretary, seconds_ago=3 * 3600)
    asked = client.post(publish_url(approved))["Location"]

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(asked, {"password": PASSWORD})

    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.status == Minutes.PUBLISHED
    assert approved.versions.exists()


def test_a_wrong_password_does_not_publish(client, approved, secretary):
    fresh_login(client, secretary, seconds_ago=3 * 3600)
    asked = client.post(publish_url(approved))["Location"]

    response = client.post(asked, {"password": "not-the-password"})

    assert response.status_code == 200
    approved.refresh_from_db()
    assert approved.status == Minutes.APPROVED


def test_reauthenticating_with_the_totp_code_also_works(
    client, approved, secretary, django_capture_on_commit_callbacks
):
    fresh_login(client, secretary, seconds_ago=3 * 3600)
    assert client.post(publish_url(approved)).status_code == 302
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})

    with django_capture_on_commit_callbacks(execute=True):
        client.post(publish_url(approved))

    approved.refresh_from_db()
    assert approved.status == Minutes.PUBLISHED


def test_a_fresh_login_publishes_without_asking_again(
    client, approved, chair, django_capture_on_commit_callbacks
):
    fresh_login(client, chair, seconds_ago=60)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(publish_url(approved))

    assert response["Location"] == reverse("minutes:detail", args=[approved.meeting_id])
    approved.refresh_from_db()
    assert approved.status == Minutes.PUBLISHED


def test_other_steps_do_not_ask_for_the_password(client, forum, secretary, chair):
    minutes = approved_minutes(past_meeting(forum), secretary=secretary, chair=chair)
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.DRAFT)
    client.force_login(secretary)

    response = client.post(reverse("minutes:transition", args=[minutes.meeting_id, "submit"]))

    assert response["Location"] == reverse("minutes:detail", args=[minutes.meeting_id])
