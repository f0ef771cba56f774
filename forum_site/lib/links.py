"""Absolute links to the site, from the SITE_URL setting.

Never from Django's Sites table: a fresh database holds `example.com` there until someone edits it,
and feeds, calendars and e-mails would send readers to a stranger's domain.
"""

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


def absolute_url(path: str) -> str:
    """`path` (starting with /) on the site's public address."""
    return settings.SITE_URL.rstrip("/") + path


def site_host() -> str:
    """The host name of the site's public address, for identifiers such as calendar UIDs."""
    return urlsplit(settings.SITE_URL).hostname or "localhost"


@dataclass(frozen=True)
class ConfiguredSite:
    """What e-mail templates read of a Sites row (`name`, `domain`), taken from the settings."""

    name: str
    domain: str


def configured_site() -> ConfiguredSite:
    return ConfiguredSite(name=_("Community Safety Forums"), domain=urlsplit(settings.SITE_URL).netloc)


def on_this_site(url: str) -> str:
    """A link built from a request's host, moved to the site's public address (same path)."""
    parts = urlsplit(url)
    path = (
        parts.path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )
    return absolute_url(path)
