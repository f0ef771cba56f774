"""Switching language: the same page under another language prefix."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import translate_url
from django.utils import translation
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
    # Pages without a language prefix (the admin, the API docs) follow the cookie, as with set_language.
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
