"""The language switcher in the header, in a real browser: from every language to every other."""

import pytest
from django.conf import settings

from tests.browser.helpers import login

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def prefix(language: str) -> str:
    """The URL prefix of a language; none for the default (English in tests, see tests/conftest.py)."""
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


@pytest.mark.parametrize("start", LANGUAGES)
def test_the_switcher_opens_the_same_page_in_every_other_language(page, live_server, start):
    for target in [code for code in LANGUAGES if code != start]:
        page.goto(f"{live_server.url}{prefix(start)}/minutes/?q=ulpiana")
        assert page.locator("html").get_attribute("lang") == start

        page.select_option("#language-select", target)
        with page.expect_navigation():
            page.locator(".language-switcher button[type=submit]").click()

        assert page.url == f"{live_server.url}{prefix(target)}/minutes/?q=ulpiana", f"{start} → {target}"
        assert page.locator("html").get_attribute("lang") == target
        assert page.locator("#language-select").input_value() == target


def test_the_switcher_keeps_a_staff_member_on_their_page(page, live_server, member):
    login(page, live_server.url, member)
    page.goto(f"{live_server.url}/tr/staff/")

    page.select_option("#language-select", "sr")
    with page.expect_navigation():
        page.locator(".language-switcher button[type=submit]").click()

    assert page.url == f"{live_server.url}/sr/staff/"
    assert page.locator("html").get_attribute("lang") == "sr"
