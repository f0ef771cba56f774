"""Citizens raise a concern or a question with no account, and follow it by the code on their receipt.

/raise/ and /raise/<forum slug>/ (the forum pre-selected, and with ?meeting=<id> one of its coming
meetings) show the form. Sending it redirects to /raise/receipt/, which shows the code from a signed
cookie that lives half an hour: a phone that reloads the tab sees the receipt again instead of sending
the form twice, and the code is in no address the browser's history keeps. "Hide the code now"
forgets it at once, for a shared phone. /track/<code>/ shows the status (portal.tracking). A wrong code, and any code once an address has tried too many wrong ones,
answer the same "not found" page: nobody learns by trying whether a code exists. /track/ is where to
type a code kept on paper: it only tidies the code and sends the browser to /track/<code>/.
"""

from django.conf import settings
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import NoReverseMatch
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_safe

from forums.errors import ForumError
from forums.models import Forum
from forums.models import normalised_tracking_code
from forums.submissions import services
from portal import abuse
from portal import tracking
from portal.forms import FORUM
from portal.forms import RaiseForm
from portal.forms import TrackLookupForm
from portal.forms import proof_of_work_context

RAISE = "raise"
TRACK = "track"
EMERGENCY_NUMBER = "192"
RECEIPT_COOKIE = "receipt"
# Long enough to copy the code after a reload; short enough that a shared phone soon forgets it.
RECEIPT_MINUTES = 30


def help_url() -> str:
    """Where to get help now: the help page once the site has one (`portal:help`), else ""."""
    try:
        return reverse("portal:help")
    except NoReverseMatch:
        return ""


def _private(response):
    """Nothing of these pages is cached or indexed: a receipt or a status belongs to one person."""
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _context(**extra) -> dict:
    return {
        "emergency_number": EMERGENCY_NUMBER,
        "help_url": help_url(),
        "text_days": settings.SUBMISSION_TEXT_RETENTION_DAYS,
        "email_days": settings.SUBMISSION_EMAIL_RETENTION_DAYS,
        **extra,
    }


def _initial(request, forum: Forum | None) -> dict:
    if forum is None:
        return {}
    initial = {"place": f"{FORUM}{forum.pk}"}
    meeting = request.GET.get("meeting", "")
    if meeting.isdigit() and services.meetings_to_raise_for(forum).filter(pk=int(meeting)).exists():
        initial["meeting"] = int(meeting)
    return initial


@require_http_methods(["GET", "HEAD", "POST"])
def raise_concern(request, slug: str | None = None):
    forum = None
    if slug is not None:
        forum = get_object_or_404(Forum.objects.select_related("municipality"), slug=slug, active=True)
    limited = request.method == "POST" and abuse.is_limited(
        request, purpose=RAISE, per_hour=settings.RAISE_LIMIT_PER_HOUR
    )
    form = RaiseForm(
        request.POST if request.method == "POST" and not limited else None,
        forum=forum,
        initial=_initial(request, forum),
    )
    if form.is_bound and form.is_valid():
        try:
            submission = services.receive_submission(
                **form.submission_arguments(), language=translation.get_language() or ""
            )
        except ForumError as error:
            error.add_to(form)
        else:
            abuse.count(request, purpose=RAISE)
            tracking.remember_state(submission)
            return _to_receipt(request, submission.tracking_code)
    context = _context(
        form=form,
        forum=forum,
        limited=limited,
        **proof_of_work_context(),
    )
    status = 429 if limited else (400 if form.is_bound else 200)
    return _private(render(request, "portal/submission_form.html", context, status=status))


def _to_receipt(request: HttpRequest, code: str) -> HttpResponse:
    """See Other: the receipt page, its code in a signed cookie only that page reads."""
    response = redirect("portal:raise_receipt")
    response.status_code = 303  # the browser fetches the receipt by GET, so a reload never re-sends
    response.set_signed_cookie(
        RECEIPT_COOKIE,
        code,
        salt=RECEIPT_COOKIE,
        max_age=RECEIPT_MINUTES * 60,
        # Every language's receipt page: a citizen may switch language on it.
        path="/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return _private(response)


@require_http_methods(["GET", "HEAD", "POST"])
def receipt(request):
    """The receipt while its cookie lives; a POST ("Hide the code now") forgets it."""
    if request.method == "POST":
        response = redirect("portal:raise_receipt")
        response.delete_cookie(RECEIPT_COOKIE, path="/", samesite="Lax")
        return _private(response)
    code = request.get_signed_cookie(
        RECEIPT_COOKIE, default="", salt=RECEIPT_COOKIE, max_age=RECEIPT_MINUTES * 60
    )
    submission = tracking.load(code) if code else None
    context = _context(
        submission=submission,
        receipt_minutes=RECEIPT_MINUTES,
        lookup_url=request.build_absolute_uri(reverse("portal:track_lookup")),
    )
    if submission is not None:
        context["track_url"] = request.build_absolute_uri(
            reverse("portal:track", args=[submission.display_code])
        )
    return _private(render(request, "portal/submission_receipt.html", context))


@require_safe
def track(request, code: str):
    limited = abuse.is_limited(request, purpose=TRACK, per_hour=settings.TRACK_FAILED_LOOKUPS_PER_HOUR)
    submission = None if limited else tracking.load(normalised_tracking_code(code))
    if submission is None:
        if not limited:
            abuse.count(request, purpose=TRACK)
        return _private(render(request, "portal/submission_not_found.html", _context(), status=404))
    context = _context(submission=submission, tracking=tracking.tracking_of(submission))
    return _private(render(request, "portal/submission_track.html", context))


@require_safe
def track_lookup(request):
    """The form to type a code (GET: nothing stored, no CSRF); a well-formed code goes to its page.

    It never looks the code up itself: `track` does, and counts the address's failed lookups.
    """
    form = TrackLookupForm(request.GET if "code" in request.GET else None)
    if form.is_bound and form.is_valid():
        return _private(redirect("portal:track", form.cleaned_data["code"]))
    status = 400 if form.is_bound else 200
    return _private(
        render(request, "portal/submission_track_lookup.html", _context(form=form), status=status)
    )
