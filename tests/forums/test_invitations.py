import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from forums.errors import ForumError
from forums.invitations import invite_person

NEW_PASSWORD = "a-long-enough-passphrase"


def _link(message) -> str:
    return re.search(r"http://\S+", message.body).group(0)


def test_an_invited_person_sets_a_password_once_and_logs_in_by_email(client, admin_user):
    user = invite_person(email="Zyrtare@Komuna.example", first_name="Arta", by=admin_user)
    assert not user.has_usable_password()
    link = _link(mail.outbox[0]).replace("http://127.0.0.1:8000", "")

    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302

    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    second = client.get(link, follow=True)
    assert b"password1" not in second.content  # the link worked once

    assert (
        client.post(
            "/accounts/login/", {"login": "zyrtare@komuna.example", "password": NEW_PASSWORD}
        ).status_code
        == 302
    )


def test_short_or_common_passwords_are_refused(client, admin_user):
    invite_person(email="new@komuna.example", by=admin_user)
    link = _link(mail.outbox[0]).replace("http://127.0.0.1:8000", "")
    form_url = client.get(link, follow=True).redirect_chain[-1][0]

    for weak in ["short-pass", "password12345"]:
        response = client.post(form_url, {"password1": weak, "password2": weak})
        assert response.status_code == 200
    assert not get_user_model().objects.get(email="new@komuna.example").has_usable_password()


def test_only_admins_invite_and_never_twice(admin_user, secretary):
    with pytest.raises(ForumError, match="Only an administrator can invite people"):
        invite_person(email="x@komuna.example", by=secretary)
    invite_person(email="x@komuna.example", by=admin_user)
    with pytest.raises(ForumError, match=r"Someone with this e\-mail address already"):
        invite_person(email="X@komuna.example", by=admin_user)
