"""The language switcher: the same page in the chosen language, from whichever language it was in."""

from urllib.parse import urlsplit

from django.conf import settings
from django.utils import translation
from django.views.i18n import set_language as django_set_language


def page_language(url: str) -> str:
    """The language a page of ours is in: its URL prefix, none for the default language."""
    return translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE


def set_language(request):
    """Django's set_language, reading the page to translate in that page's own language.

    /i18n/setlang/ has no language prefix, so it runs in the default language; Django's
    `translate_url` then cannot resolve a prefixed page such as /tr/minutes/ and leaves it as it is,
    and the reader stays in Turkish whatever they chose.
    """
    next_url = request.POST.get("next", request.GET.get("next")) or request.META.get("HTTP_REFERER", "")
    with translation.override(page_language(next_url)):
        return django_set_language(request)
