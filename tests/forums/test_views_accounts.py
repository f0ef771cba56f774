"""django-allauth's pages wear our layout, and there is no sign-up."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("english")

STYLESHEET = "css/site.css"


@pytest.mark.parametrize("name", ["account_login", "account_reset_password"])
def test_account_pages_use_our_layout(client, db, name):
    response = client.get(reverse(name))
    content = response.content.decode()
    assert response.status_code == 200
    assert STYLESHEET in content
    assert content.count("<h1") == 1
    assert 'id="main"' in content


def test_login_page_offers_no_sign_up(client, db):
    content = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") not in content


def test_sign_up_is_closed(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "a-long-password-1", "password2": "a-long-password-1"},
    )
    assert response.status_code == 200
    assert "account/signup_closed.html" in [t.name for t in response.templates]


def test_wrong_password_keeps_the_email_and_says_why(client, secretary):
    response = client.post(reverse("account_login"), {"login": secretary.email, "password": "wrong"})
    content = response.content.decode()
    assert response.status_code == 200
    assert f'value="{secretary.email}"' in content
    assert 'class="form-errors"' in content


def test_logout_and_two_factor_pages_render_in_the_staff_layout(client, secretary):
    client.force_login(secretary)
    for name in ["account_logout", "mfa_index"]:
        content = client.get(reverse(name)).content.decode()
        assert STYLESHEET in content
        assert reverse("forums:dashboard") in content
