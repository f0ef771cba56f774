"""A stolen session cannot take the account by changing its e-mail address and resetting the password.

Changing the address asks for the password again, counts only once a link sent to the new address
is followed, and tells the old address; password resets go only to verified addresses.
"""

import importlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from forums.invitations import send_invitation
from tests import factories
from tests.session_support import fresh_login

PASSWORD = "correct-horse-battery"
NEW_PASSWORD = "a-long-enough-passphrase"
ATTACKER = "attacker@evil.example"
pytestmark = pytest.mark.usefixtures("_english")


@pytest.fixture
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def reauthenticated(client, user) -> None:
    """Logged in a while ago, then typed the password again on allauth's re-authentication page."""
    fresh_login(client, user, seconds_ago=3 * 3600)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})


def add_address(client, email: str):
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


def mail_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0).split("://", 1)[1].split("/", 1)[1]


def ask_for_a_reset(client, email: str) -> None:
    client.post(reverse("account_reset_password"), {"email": email})


def reset_mails_to(address: str) -> list:
    return [message for message in mail_to(address) if "/password/reset/key/" in message.body]


def test_a_stale_session_cannot_add_an_address_without_the_password(client, member):
    fresh_login(client, member, seconds_ago=3 * 3600)

    response = add_address(client, ATTACKER)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email=ATTACKER).exists()
    assert mail_to(ATTACKER) == []


def test_after_the_password_the_addition_resumes_and_waits_for_confirmation(client, member):
    fresh_login(client, member, seconds_ago=3 * 3600)
    asked = add_address(client, ATTACKER)

    response = client.post(asked["Location"], {"password": PASSWORD})

    assert response.status_code == 302
    pending = EmailAddress.objects.get(user=member, email=ATTACKER)
    assert not pending.verified and not pending.primary
    member.refresh_from_db()
    assert member.email == "member@example.org"


def test_a_new_address_gets_a_confirmation_link_and_the_old_one_a_notice(client, member):
    reauthenticated(client, member)

    add_address(client, ATTACKER)

    [confirmation] = mail_to(ATTACKER)
    assert "/accounts/confirm-email/" in confirmation.body
    [notice] = mail_to(member.email)
    assert ATTACKER in notice.body
    assert "change your password" in notice.body
    assert "/confirm-email/" not in notice.body


@pytest.fixture
def attacker_added(client, member):
    """Someone in the member's session added their own address, unconfirmed, and left."""
    reauthenticated(client, member)
    add_address(client, ATTACKER)
    client.logout()
    mail.outbox.clear()


@pytest.mark.usefixtures("attacker_added")
def test_an_unconfirmed_address_neither_receives_a_reset_link_nor_logs_in(client):
    ask_for_a_reset(client, ATTACKER)
    client.post(reverse("account_login"), {"login": ATTACKER, "password": PASSWORD})

    assert reset_mails_to(ATTACKER) == []
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("attacker_added")
def test_a_reset_asked_for_the_old_address_still_goes_there(client, member):
    ask_for_a_reset(client, member.email)

    assert len(reset_mails_to(member.email)) == 1
    assert mail_to(ATTACKER) == []


def test_following_the_link_makes_the_new_address_the_login_and_tells_the_old_one(client, member):
    reauthenticated(client, member)
    add_address(client, "arta.new@komuna.example")
    confirm_path = "/" + link_in(mail_to("arta.new@komuna.example")[0])
    mail.outbox.clear()

    client.post(confirm_path)

    member.refresh_from_db()
    assert member.email == "arta.new@komuna.example"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", "verified", "primary")) == [
        ("arta.new@komuna.example", True, True)
    ]
    assert len(mail_to("member@example.org")) == 1
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "arta.new@komuna.example", "password": PASSWORD}
    )
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(member.pk)


def test_an_account_without_a_verified_address_is_asked_to_confirm_before_logging_in(client, db):
    user = factories.UserFactory(username="made-in-admin", verified_address=False)

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert "/accounts/confirm-email/" in mail_to(user.email)[0].body


def test_an_invitation_link_proves_the_address_so_the_invited_person_logs_in(client, db):
    """A person an administrator created in the admin (no address record) and then invited."""
    user = factories.UserFactory(username="invited", verified_address=False)
    user.set_unusable_password()
    user.save()
    send_invitation(user=user, language="en")
    link = "/" + link_in(mail.outbox[0])

    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    response = client.post(reverse("account_login"), {"login": user.email, "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert EmailAddress.objects.get(user=user).verified


def test_a_reset_link_does_not_verify_another_address(client, member):
    EmailAddress.objects.create(user=member, email=ATTACKER)
    ask_for_a_reset(client, member.email)
    [reset] = reset_mails_to(member.email)
    link = "/" + link_in(reset)

    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    assert get_user_model().objects.get(pk=member.pk).check_password(NEW_PASSWORD)
    assert not EmailAddress.objects.get(email=ATTACKER).verified


def test_the_address_page_wears_our_layout(client, member):
    reauthenticated(client, member)
    add_address(client, "arta.new@komuna.example")

    content = client.get(reverse("account_email")).content.decode()

    assert "css/site.css" in content
    assert content.count("<h1") == 1
    assert "arta.new@komuna.example" in content
    assert 'for="id_email"' in content


def test_accounts_made_before_verification_was_required_keep_logging_in(client, db):
    migration = importlib.import_module("forums.migrations.0006_verify_addresses_set_by_administrators")
    earlier = factories.UserFactory(username="earlier", verified_address=False)
    twins = [
        factories.UserFactory(username=name, email="shared@komuna.example", verified_address=False)
        for name in ("twin-a", "twin-b")
    ]

    migration.verify_addresses_set_by_administrators(apps, None)

    assert EmailAddress.objects.filter(user=earlier, verified=True, primary=True).exists()
    assert not EmailAddress.objects.filter(user__in=twins).exists()
    client.post(reverse("account_login"), {"login": earlier.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(earlier.pk)
