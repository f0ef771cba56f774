"""A plain address (no language prefix) opens in the language the reader chose in the switcher.

Tests run with English as the default language (tests/conftest.py): `/minutes/` is the default
language's page, and the other languages have a prefix.
"""

import pytest
from django.conf import settings
from django.http import HttpResponse
from django.urls import clear_url_caches

from forum_site.language import ChosenLanguageMiddleware

PAGE = "/minutes/"


def other_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def choose(client, language: str) -> None:
    """What the switcher leaves in the browser."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language


def any_page(request) -> HttpResponse:
    return HttpResponse("page")


def lang_attribute(response) -> str:
    page = response.content.decode()
    start = page.index('<html lang="') + len('<html lang="')
    return page[start : page.index('"', start)]


@pytest.mark.parametrize("method", ["get", "head"])
def test_a_plain_address_opens_in_the_chosen_language_with_its_query_string(client, db, method):
    for language in other_languages():
        choose(client, language)

        response = getattr(client, method)(PAGE + "?q=vendkalim%C3%AB&page=2")

        assert response.status_code == 302, language
        assert response["Location"] == f"/{language}{PAGE}?q=vendkalim%C3%AB&page=2"


def test_the_redirect_lands_on_the_page_in_the_chosen_language(client, db):
    choose(client, "sr-latn")

    response = client.get(PAGE, follow=True)

    assert response.redirect_chain == [(f"/sr-latn{PAGE}", 302)]
    assert lang_attribute(response) == "sr-latn"


def test_choosing_the_default_language_in_the_switcher_stops_the_redirect(client, db):
    client.get("/i18n/switch/", {"language": "tr", "next": PAGE})
    assert client.get(PAGE)["Location"] == f"/tr{PAGE}"

    back = client.get("/i18n/switch/", {"language": settings.LANGUAGE_CODE, "next": f"/tr{PAGE}"})
    assert back["Location"] == PAGE
    response = client.get(PAGE)

    assert response.status_code == 200
    assert lang_attribute(response) == settings.LANGUAGE_CODE


@pytest.mark.parametrize("cookie", [None, "", "xx", "sr_Latn", "de"])
def test_without_a_language_of_the_site_in_the_cookie_a_plain_address_stays(client, db, cookie):
    if cookie is not None:
        choose(client, cookie)

    response = client.get(PAGE)

    assert response.status_code == 200
    assert lang_attribute(response) == settings.LANGUAGE_CODE
    choose(client, "tr")  # the same reader once they choose
    assert client.get(PAGE)["Location"] == f"/tr{PAGE}"


def test_a_form_sent_to_a_plain_address_is_never_redirected(client, db):
    choose(client, "sr")
    assert client.get("/accounts/login/")["Location"] == "/sr/accounts/login/"

    response = client.post("/accounts/login/", {"login": "nobody@example.org", "password": "wrong"})

    assert response.status_code == 200  # the form again, with its error, where it was sent


def test_an_address_with_a_language_prefix_keeps_its_language(client, db):
    choose(client, "tr")
    assert client.get(PAGE).status_code == 302

    response = client.get(f"/sr{PAGE}")

    assert response.status_code == 200
    assert lang_attribute(response) == "sr"


@pytest.mark.parametrize("path", ["/admin/login/", "/api/v1/", "/healthz", "/i18n/switch/?next=/"])
def test_addresses_outside_the_language_patterns_are_never_prefixed(client, db, path):
    choose(client, "tr")
    assert client.get("/")["Location"] == "/tr/"

    response = client.get(path)

    assert not response.get("Location", "").startswith("/tr/")


def test_a_cached_page_of_the_default_language_never_answers_a_reader_who_chose_another(client, db, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    first = client.get(PAGE)  # rendered and stored for every anonymous reader of this address
    assert client.get(PAGE, headers={"If-None-Match": first["ETag"]}).status_code == 304
    choose(client, "sr-latn")

    fresh = client.get(PAGE)
    revalidated = client.get(PAGE, headers={"If-None-Match": first["ETag"]})

    assert (fresh.status_code, fresh["Location"]) == (302, f"/sr-latn{PAGE}")
    assert (revalidated.status_code, revalidated["Location"]) == (302, f"/sr-latn{PAGE}")
    client.cookies.clear()  # and the redirect was not stored for readers without a choice
    assert lang_attribute(client.get(PAGE)) == settings.LANGUAGE_CODE


def test_the_redirect_says_it_depends_on_the_cookie(client, db):
    choose(client, "tr")

    response = client.get(PAGE)

    assert response.status_code == 302
    assert "Cookie" in response["Vary"]


def test_only_plain_addresses_of_the_language_patterns_are_marked_as_depending_on_the_cookie(rf):
    """Through the middleware alone: the whole stack adds `Vary: Cookie` wherever the session is read."""
    middleware = ChosenLanguageMiddleware(any_page)

    assert "Cookie" in middleware(rf.get(PAGE))["Vary"]
    assert not middleware(rf.get(f"/tr{PAGE}")).has_header("Vary")
    assert not middleware(rf.get("/healthz")).has_header("Vary")
    assert not middleware(rf.post(PAGE)).has_header("Vary")


@pytest.fixture
def albanian_default(settings):
    """The site's real default; Django caches reversed URLs per language, prefixes included."""
    settings.LANGUAGE_CODE = "sq"
    clear_url_caches()
    yield
    clear_url_caches()


def test_with_the_site_s_own_default_its_cookie_stays_and_the_others_are_redirected(
    client, db, albanian_default
):
    choose(client, "sq")
    assert lang_attribute(client.get(PAGE)) == "sq"

    choose(client, "en")
    assert client.get(PAGE)["Location"] == f"/en{PAGE}"
