"""The pages that exist today, in a real browser: accessible at phone and desktop width, and signing in."""

import pytest
from allauth.mfa.models import Authenticator

from tests.browser.helpers import DESKTOP
from tests.browser.helpers import PHONE
from tests.browser.helpers import assert_accessible
from tests.browser.helpers import assert_fits_width
from tests.browser.helpers import login

PUBLIC_PAGES = ["/", "/accounts/login/"]


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["320px", "desktop"])
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_wcag_violations(page, live_server, snap, path, viewport):
    page.set_viewport_size(viewport)

    response = page.goto(f"{live_server.url}{path}")
    snap(f"{path}-{viewport['width']}")

    assert response.status == 200
    assert_accessible(page)
    assert_fits_width(page)


# Secretaries see restricted data, so they sign in with two factors (README, "Who reads restricted text").
@pytest.mark.parametrize(
    ("persona", "second_factor"),
    [("member", False), ("secretary", True)],
    ids=["member-with-the-password", "secretary-with-a-code-too"],
)
def test_a_forum_member_signs_in_through_the_form_and_reaches_the_dashboard(
    page, live_server, snap, request, persona, second_factor
):
    user = request.getfixturevalue(persona)
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists() == second_factor
    page.set_viewport_size(PHONE)

    login(page, live_server.url, user)
    snap("dashboard")

    assert page.url == f"{live_server.url}/staff/"
    assert page.locator("h1").count() == 1
    assert_accessible(page)
    assert_fits_width(page)


def test_a_wrong_password_keeps_the_person_on_the_login_page(page, live_server, snap, secretary):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", secretary.email)
    page.fill("input[name=password]", "not-the-password")
    with page.expect_navigation():
        page.press("input[name=password]", "Enter")
    snap("wrong-password")

    assert "/accounts/login/" in page.url
    assert page.input_value("input[name=login]") == secretary.email
    assert_accessible(page)
