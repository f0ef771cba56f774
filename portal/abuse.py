"""Keeping abuse off the citizens' form without any third party: proof of work, a honeypot, limits.

- Proof of work (ALTCHA): the form carries a challenge signed with a key derived from SECRET_KEY;
  the browser finds its number in a web worker (the widget is served from our static files, see
  static/vendor/altcha/README.md) and sends the solution with the form. The server checks the
  signature and the expiry, and that the challenge was not used before: a used one is remembered
  in the cache until it would have expired anyway. No image puzzle, no request to another host.
- A honeypot: a field people do not see, that a program filling every field fills.
- Limits per client address, in hourly windows counted in Django's cache (Redis in production).
  The address is never stored: the counter's key is a keyed hash of it (HMAC with SECRET_KEY), and
  the counter expires when its window ends. A limit can count another `subject` the same way (the
  e-mail address a subscription link is sent to), so nobody floods a stranger's inbox.

Every citizens' form uses these: raising a concern, the trust survey, subscribing to alerts.
"""

import base64
import binascii
import datetime
import hashlib
import hmac
import json
import time

import altcha
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 60 * 60


def _keyed(purpose: str, value: str = "") -> str:
    """A key for one purpose, derived from SECRET_KEY: the proof of work and the counters do not share one."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{purpose}\0{value}".encode(), hashlib.sha256).hexdigest()


# --- Proof of work -------------------------------------------------------------------------------


def new_challenge() -> str:
    """A fresh signed challenge, as the JSON the widget's `challengejson` attribute takes."""
    challenge = altcha.create_challenge_v1(
        hmac_key=_keyed("altcha"),
        max_number=settings.PROOF_OF_WORK_MAX_NUMBER,
        expires=datetime.datetime.now(datetime.UTC)
        + datetime.timedelta(minutes=settings.PROOF_OF_WORK_EXPIRY_MINUTES),
    )
    return json.dumps(challenge.to_dict())


def _signature_of(payload: str) -> str:
    try:
        return str(json.loads(base64.b64decode(payload, validate=True))["signature"])
    except (binascii.Error, ValueError, TypeError, KeyError):
        return ""


def proof_of_work_is_valid(payload: str) -> bool:
    """Whether the browser solved a challenge we signed, not expired and not used before.

    A valid solution is used up here: sending the same one again fails.
    """
    if not payload:
        return False
    try:
        verified, _error = altcha.verify_solution_v1(payload, _keyed("altcha"), check_expires=True)
    except (ValueError, TypeError, KeyError, AttributeError):
        return False
    if not verified:
        return False
    used = f"altcha-used:{_keyed('altcha-used', _signature_of(payload))}"
    # `add` is atomic: of two requests with the same solution only one stores the mark.
    return cache.add(used, True, timeout=settings.PROOF_OF_WORK_EXPIRY_MINUTES * 60)


# --- Limits per client address --------------------------------------------------------------------


def client_address(request: HttpRequest) -> str:
    """The client's address: from X-Forwarded-For when TRUSTED_PROXY_COUNT proxies stand in front."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def _counter(request: HttpRequest, purpose: str, subject: str = "") -> tuple[str, int]:
    """The cache key counting this address (or `subject`) for this purpose in the current window,
    and its seconds left."""
    now = int(time.time())
    window, left = divmod(now, WINDOW_SECONDS)
    digest = _keyed("rate-limit", f"{purpose}\0{subject or client_address(request)}")[:40]
    return f"limit:{purpose}:{window}:{digest}", WINDOW_SECONDS - left


def is_limited(request: HttpRequest, *, purpose: str, per_hour: int, subject: str = "") -> bool:
    key, _left = _counter(request, purpose, subject)
    return (cache.get(key) or 0) >= per_hour


def count(request: HttpRequest, *, purpose: str, subject: str = "") -> int:
    """Count one more for this address (or `subject`); the counter lives only until its window ends."""
    key, left = _counter(request, purpose, subject)
    cache.add(key, 0, timeout=left)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=left)
        return 1
