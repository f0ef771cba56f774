"""What keeps the citizens' forms (the trust survey, e-mail alerts) from being flooded, without an account.

Three checks, each honest about what it is: approximate, not proof of one answer per person.
- a honeypot field people never see; a program filling every field fills it too;
- a limit per network address, counted in Django's cache under a keyed hash of the address (the
  address itself is never stored) and forgotten after an hour;
- the proof-of-work check of the citizen forms: `proof_of_work_ok` is its one hook.
"""

import hashlib
import hmac

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"
RATE_WINDOW_SECONDS = 60 * 60


def proof_of_work_ok(request: HttpRequest) -> bool:
    """Whether the request carries a solved proof-of-work challenge, as the citizen forms require.

    The hook where the self-hosted proof-of-work check of the citizen forms (ALTCHA) plugs in:
    until it is wired, every request passes, and the honeypot and the rate limit stand alone.
    """
    return True


class HoneypotForm(forms.Form):
    """A form with a field hidden from people (and from screen readers) that only programs fill."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


def hashed_key(material: str, scope: str) -> str:
    """A cache key for an address (network or e-mail): keyed with the secret key, so it cannot be reversed."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"{scope}:{material}".encode(), hashlib.sha256)
    return f"citizen-rate:{scope}:{digest.hexdigest()[:32]}"


def over_limit(material: str, *, scope: str, per_hour: int) -> bool:
    """Count one more use of `material` in `scope`; True once it goes past `per_hour` within the hour."""
    key = hashed_key(material, scope)
    # add() starts the count with the window's expiry; incr() keeps the expiry it was given.
    if cache.add(key, 1, timeout=RATE_WINDOW_SECONDS):
        return per_hour < 1
    try:
        return cache.incr(key) > per_hour
    except ValueError:  # expired between add() and incr(): this use starts a new window
        cache.add(key, 1, timeout=RATE_WINDOW_SECONDS)
        return per_hour < 1


def over_rate_limit(request: HttpRequest, *, scope: str, per_hour: int) -> bool:
    """Count one more request from this network address in `scope`; True once past `per_hour`."""
    return over_limit(request.META.get("REMOTE_ADDR", ""), scope=scope, per_hour=per_hour)
