"""The reader's language: switching it, and opening plain addresses in the language they chose."""

from django.conf import settings
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import LocalePrefixPattern
from django.urls import Resolver404
from django.urls import get_resolver
from django.urls import get_script_prefix
from django.urls import translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe


@require_safe
def switch_language(request):
    """Go to the page `next` in `language`.

    A plain GET that changes nothing on the server, unlike Django's `set_language` (a POST): the form
    on every public page then needs no CSRF token, so anonymous pages can be cached and shared.
    """
    language = request.GET.get("language", "")
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    if language not in dict(settings.LANGUAGES):
        return redirect(target)
    # The page is found in the language of its own prefix (none: the default language), whatever
    # language this request came in with.
    with translation.override(translation.get_language_from_path(target) or settings.LANGUAGE_CODE):
        response = redirect(translate_url(target, language))
    # Addresses without a prefix then open in this language (ChosenLanguageMiddleware below); the
    # open-data API follows it too when a request names no language.
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


class ChosenLanguageMiddleware:
    """Opens an address without a language prefix in the language the reader chose in the switcher.

    Shared links, bookmarks and typed addresses carry no prefix, so they would always open in the
    default language: a Serbian or Turkish reader had to switch again on every one. When the language
    cookie names another language of the site, a GET or HEAD of such a page is redirected to the same
    address under that language's prefix. Choosing the default language (its cookie) stops this.

    It sits right after LocaleMiddleware, before any view: the page cache (`cached_public_page`) and
    its 304 answers are keyed by address, not cookie, so they must never get to answer such a reader.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or not _default_language_page(request):
            return self.get_response(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if chosen != settings.LANGUAGE_CODE and chosen in dict(settings.LANGUAGES):
            response = HttpResponseRedirect(_in_language(request, chosen))
        else:
            response = self.get_response(request)
        # This address answers by cookie now (a redirect or the page): browsers and any shared cache
        # must not give the answer kept for one reader to another whose cookie differs.
        patch_vary_headers(response, ("Cookie",))
        return response


def _default_language_page(request: HttpRequest) -> bool:
    """Whether the address has no language prefix and i18n_patterns serve it (in the default language).

    The first top-level pattern that matches decides, in the order Django resolves them: the admin,
    the API, /healthz and the switcher are outside i18n_patterns and keep their address. LocaleMiddleware
    has activated the default language for an unprefixed address, so i18n_patterns match it unprefixed.
    """
    if translation.get_language_from_path(request.path_info):
        return False
    path = request.path_info.removeprefix("/")
    for pattern in get_resolver(getattr(request, "urlconf", None)).url_patterns:
        try:
            matched = pattern.resolve(path)
        except Resolver404:
            continue
        if matched:
            return isinstance(pattern.pattern, LocalePrefixPattern)
    return False


def _in_language(request: HttpRequest, language: str) -> str:
    """The address requested (query string included) under the prefix of `language`."""
    script_prefix = get_script_prefix()
    return request.get_full_path().replace(script_prefix, f"{script_prefix}{language}/", 1)
