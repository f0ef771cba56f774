"""The language switcher in the header, in a real browser: from every language to every other."""

import pytest
from django.conf import settings
from django.urls import clear_url_caches

from tests.browser.helpers import login

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def prefix(language: str) -> str:
    """The URL prefix of a language; none for the default (English in tests, see tests/conftest.py)."""
    return "" if language == settings.LANGUAGE_CODE else f"/{language}"


@pytest.fixture(autouse=True)
def _fresh_url_prefixes():
    """Django caches reversed URLs per language, prefixes included. URLs reversed while the project's
    default (Albanian) was still the default, e.g. at collection, lack the /sq/ prefix the English
    default of the tests gives them: forget them, before and after."""
    clear_url_caches()
    yield
    clear_url_caches()


def switch(page, language: str) -> None:
    page.select_option("#language-select", language)
    with page.expect_navigation():
        page.locator(".language-switcher button[type=submit]").click()


@pytest.mark.parametrize("start", LANGUAGES)
def test_the_switcher_opens_the_same_page_in_every_other_language(page, live_server, start):
    for target in [code for code in LANGUAGES if code != start]:
        # A reader who has not chosen yet: a plain address would open in the language chosen last.
        page.context.clear_cookies()
        page.goto(f"{live_server.url}{prefix(start)}/minutes/?q=ulpiana")
        assert page.locator("html").get_attribute("lang") == start

        switch(page, target)

        assert page.url == f"{live_server.url}{prefix(target)}/minutes/?q=ulpiana", f"{start} → {target}"
        assert page.locator("html").get_attribute("lang") == target
        assert page.locator("#language-select").input_value() == target


def test_a_plain_address_opens_in_the_language_chosen_before_until_the_default_is_chosen(page, live_server):
    page.goto(f"{live_server.url}/minutes/")
    switch(page, "sr-latn")

    page.goto(f"{live_server.url}/meetings/?q=ulpiana")  # a link someone shared
    assert page.url == f"{live_server.url}/sr-latn/meetings/?q=ulpiana"
    assert page.locator("html").get_attribute("lang") == "sr-latn"

    switch(page, settings.LANGUAGE_CODE)
    page.goto(f"{live_server.url}/meetings/")
    assert page.url == f"{live_server.url}/meetings/"
    assert page.locator("html").get_attribute("lang") == settings.LANGUAGE_CODE


def test_the_switcher_keeps_a_staff_member_on_their_page(page, live_server, member):
    login(page, live_server.url, member)
    page.goto(f"{live_server.url}/tr/staff/")

    switch(page, "sr")

    assert page.url == f"{live_server.url}/sr/staff/"
    assert page.locator("html").get_attribute("lang") == "sr"
