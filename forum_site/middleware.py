"""Account safety for staff: two-factor enrolment, session lifetimes, no caching of staff pages."""

import re
import time

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.exceptions import ReauthenticationRequired
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import BadRequest
from django.core.exceptions import PermissionDenied
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from forum_site import errors
from forum_site.lib import security_log
from forums.permissions import RESTRICTED_VIEWER_ROLES
from forums.permissions import roles_by_forum

LANGUAGE_PREFIX = "(?:(?:{})/)?".format("|".join(re.escape(code) for code, _name in settings.LANGUAGES))
PRIVATE_PATHS = re.compile(rf"^/{LANGUAGE_PREFIX}(?:staff|accounts|admin)/")
# What someone who still has to enrol in two-factor login may open.
ENROLMENT_PATHS = re.compile(
    rf"^/{LANGUAGE_PREFIX}accounts/(?:2fa/|logout/|reauthenticate/|login/)|^/(?:static|i18n)/"
)
# Exceptions that end in an ordinary answer, not a server error: Django answers 400, 403 or 404, and
# allauth's middleware turns its own into a redirect (to log in or re-authenticate) or a response.
EXPECTED_EXCEPTIONS = (
    Http404,
    PermissionDenied,
    BadRequest,
    SuspiciousOperation,
    MultiPartParserError,
    ReauthenticationRequired,
    ImmediateHttpResponse,
)
SESSION_STARTED = "forums_session_started"
SESSION_SEEN = "forums_session_seen"


def needs_two_factor(user) -> bool:
    """Whoever can see restricted concerns, or open the admin, must log in with a second factor."""
    if user.is_staff or user.is_superuser:
        return True
    return any(roles & RESTRICTED_VIEWER_ROLES for roles in roles_by_forum(user).values())


class StaffSecurityMiddleware:
    """Ends idle and too-old sessions, sends unenrolled staff to TOTP set-up, marks pages no-store."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                messages.info(request, expired)
                return redirect(settings.LOGIN_URL)
            if self._must_enrol(request):
                messages.warning(request, _("Set up two-factor login before you continue."))
                return redirect("mfa_activate_totp")
        response = self.get_response(request)
        if response.status_code in (403, 404) and (
            user.is_authenticated or PRIVATE_PATHS.match(request.path)
        ):
            security_log.log_denied(request, response.status_code)
        if user.is_authenticated or PRIVATE_PATHS.match(request.path):
            patch_cache_control(response, no_store=True, private=True)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, EXPECTED_EXCEPTIONS):
            errors.remember_error(request, exception)

    def _must_enrol(self, request) -> bool:
        return (
            not ENROLMENT_PATHS.match(request.path)
            and needs_two_factor(request.user)
            and not is_mfa_enabled(request.user, ["totp"])
        )

    def _expired(self, request) -> str:
        """A reason to end the session, or an empty string. Marks the session as seen now."""
        now = int(time.time())
        session = request.session
        started = session.setdefault(SESSION_STARTED, now)
        seen = session.get(SESSION_SEEN, now)
        if now - seen > settings.STAFF_SESSION_IDLE_SECONDS:
            return _("You were logged out after a period of inactivity.")
        if now - started > settings.STAFF_SESSION_MAX_SECONDS:
            return _("Your session has ended; please log in again.")
        if now - seen >= 60:  # write the session at most once a minute
            session[SESSION_SEEN] = now
        session.setdefault(SESSION_SEEN, now)
        return ""
