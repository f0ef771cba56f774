"""Staff accounts: two-factor enrolment, session lifetimes, caching, sign-up and login limits."""

import time

import pytest
from django.core.cache import cache
from django.urls import reverse

from forum_site.middleware import SESSION_SEEN
from forum_site.middleware import SESSION_STARTED
from forums.models import Membership
from tests import factories

PASSWORD = "correct-horse-battery"


@pytest.fixture
def unenrolled_secretary(forum):
    user = factories.UserFactory(username="new-secretary")
    factories.MembershipFactory(user=user, forum=forum, role=Membership.SECRETARY)
    return user


def test_a_secretary_without_two_factor_reaches_only_the_enrolment_page(client, unenrolled_secretary):
    client.force_login(unenrolled_secretary)

    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)
    assert client.get("/en/staff/")["Location"] == reverse("mfa_activate_totp")


def test_enrolled_staff_and_plain_members_are_not_sent_to_enrolment(client, secretary, member):
    client.force_login(secretary)
    assert client.get("/staff/").status_code == 200
    client.force_login(member)
    assert client.get("/staff/").status_code == 200


def test_admins_must_enrol_too(client, db):
    admin = factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_the_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def _age_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_an_idle_session_ends_after_thirty_minutes(client, member):
    client.force_login(member)
    client.get("/staff/")
    _age_session(client, **{SESSION_SEEN: 31 * 60})

    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_an_active_session_ends_after_twelve_hours(client, member):
    client.force_login(member)
    client.get("/staff/")
    _age_session(client, **{SESSION_STARTED: 12 * 3600 + 1, SESSION_SEEN: 60})

    assert client.get("/staff/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_session_in_use_lives_on(client, member):
    client.force_login(member)
    client.get("/staff/")
    _age_session(client, **{SESSION_STARTED: 11 * 3600, SESSION_SEEN: 29 * 60})
    assert client.get("/staff/").status_code == 200


def test_staff_and_account_pages_are_never_cached(client, member):
    assert "no-store" in client.get("/accounts/login/")["Cache-Control"]
    client.force_login(member)
    assert "no-store" in client.get("/staff/")["Cache-Control"]


def test_public_pages_for_citizens_may_be_cached(client, db):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_there_is_no_public_sign_up(client, db):
    response = client.post(
        "/accounts/signup/", {"email": "intruder@example.org", "password1": "x" * 20, "password2": "x" * 20}
    )
    assert not factories.UserFactory._meta.model.objects.filter(email="intruder@example.org").exists()
    assert response.status_code in (200, 403)


def test_login_is_by_email_and_a_new_session_key_is_issued(client, member):
    client.get("/accounts/login/")
    before = client.session.session_key
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session.session_key != before
    assert client.session["_auth_user_id"] == str(member.pk)


def test_login_with_two_factor_asks_for_the_code(client, secretary):
    response = client.post("/accounts/login/", {"login": secretary.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_lock_further_attempts_for_a_while(client, member):
    cache.clear()
    for _attempt in range(6):
        client.post("/accounts/login/", {"login": member.email, "password": "wrong-password-123"})

    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert response.status_code in (200, 429)


def test_logout_ends_the_session(client, member):
    client.force_login(member)
    client.post("/accounts/logout/")
    assert client.get("/staff/").status_code == 302
