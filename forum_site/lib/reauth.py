"""Ask for the password (or a TOTP code) again before sensitive actions, unless the login is fresh.

allauth's `reauthentication_required` asks every time unless the person re-authenticated in the
last few minutes; a login that happened just as recently counts the same here, so nobody types
their password twice in a row. Use `sensitive_action` on views that publish, export or erase.

A second person's confirmation (`require_reauthentication`) is stricter: a recent login does not
count, only a re-authentication within the timeout, so the confirming person proves they are at the
keyboard for this very step.
"""

import time
from collections.abc import Callable

from allauth.account import app_settings as account_settings
from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.login import get_authentication_records
from allauth.account.internal.flows.reauthentication import did_recently_reauthenticate
from allauth.core.exceptions import ReauthenticationRequired
from django.http import HttpRequest


def logged_in_recently(request: HttpRequest) -> bool:
    """Whether the person logged in or re-authenticated within allauth's re-authentication timeout."""
    records = get_authentication_records(request, request.user)
    if not records:
        return False
    last = max(record.get("at", 0) for record in records)
    return time.time() - last < account_settings.REAUTHENTICATION_TIMEOUT


def must_reauthenticate(request: HttpRequest) -> bool:
    return not logged_in_recently(request)


def sensitive_action(view: Callable) -> Callable:
    """Decorate a view (after `login_required`) so a stale session re-authenticates first.

    allauth's middleware sends the person to the re-authentication page and replays the
    request (also a POST) once they succeed.
    """
    return reauthentication_required(view, enabled=must_reauthenticate)


def require_recent_authentication(request: HttpRequest) -> None:
    """The same check for use inside a view, after its permission check."""
    if must_reauthenticate(request):
        raise ReauthenticationRequired()


def require_reauthentication(request: HttpRequest) -> None:
    """Ask for the password (or code) again even right after login: for the most sensitive steps.

    Only an explicit re-authentication within allauth's timeout counts, never the login itself.
    """
    if not did_recently_reauthenticate(request):
        raise ReauthenticationRequired()
