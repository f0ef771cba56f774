"""The trust survey's page (`/feedback/<meeting id>/`) and its offer on the meeting and minutes pages.

One answer per person, approximately and honestly: a signed cookie per meeting turns the same
browser away politely; the checks of every citizens' form (`portal.forms.GuardedForm` and
`portal.abuse`: the proof of work, a honeypot, a limit per network address counted under a keyed
hash and forgotten within the hour) slow a script down. The accountability page says so.
"""

from django.conf import settings
from django.db.models import Exists
from django.db.models import OuterRef
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from forum_site.lib import ids
from forum_site.lib.links import absolute_url
from forums import survey
from forums.errors import ForumError
from forums.models import Meeting
from forums.models import MinutesVersion
from portal import abuse
from portal import queries
from portal.forms import SurveyForm
from portal.forms import proof_of_work_context

COOKIE_SALT = "portal.feedback"
ANSWERED = "answered"
LIMIT_PURPOSE = "survey"


def surveyed_meeting_or_404(meeting_id: int) -> Meeting:
    """A public meeting of an active forum whose minutes were published: the ones with a survey."""
    if not ids.can_exist(meeting_id):
        raise Http404
    published = MinutesVersion.objects.filter(minutes__meeting=OuterRef("pk"))
    meeting = queries.public_meetings().filter(Exists(published), pk=meeting_id).first()
    if meeting is None:
        raise Http404
    return meeting


def cookie_name(meeting: Meeting) -> str:
    return f"survey-{meeting.pk}"


def answered_here(request: HttpRequest, meeting: Meeting) -> bool:
    """This browser already answered this meeting's survey (the signed cookie it was given)."""
    value = request.get_signed_cookie(cookie_name(meeting), default=None, salt=COOKIE_SALT)
    return value == ANSWERED


def _remember_answer(response: HttpResponse, meeting: Meeting) -> None:
    response.set_signed_cookie(
        cookie_name(meeting),
        ANSWERED,
        salt=COOKIE_SALT,
        max_age=int(survey.open_period().total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _page(request: HttpRequest, meeting: Meeting, state: str, form=None, status: int = 200) -> HttpResponse:
    context = {
        "meeting": meeting,
        "state": state,
        "form": form,
        "closes_at": survey.closes_at(meeting),
        "minimum": settings.SURVEY_MIN_ANSWERS,
        **(proof_of_work_context() if state == "form" else {}),
    }
    response = render(request, "portal/feedback_form.html", context, status=status)
    # The page differs by the visitor's cookie: no shared cache may keep one visitor's version.
    response["Cache-Control"] = "private, no-cache"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The survey after one meeting: the form, or why it cannot be answered (again) here."""
    meeting = surveyed_meeting_or_404(meeting_id)
    if answered_here(request, meeting):
        return _page(request, meeting, "answered")
    if not survey.is_open(meeting):
        return _page(request, meeting, "closed")
    if request.method == "POST" and abuse.is_limited(
        request, purpose=LIMIT_PURPOSE, per_hour=settings.SURVEY_ANSWERS_PER_ADDRESS_PER_HOUR
    ):
        return _page(request, meeting, "busy", status=429)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method != "POST":
        return _page(request, meeting, "form", form)
    if form.is_valid():
        try:
            survey.record_survey_response(
                meeting=meeting,
                answers=form.answers(),
                attended=form.cleaned_data["attended"],
                comment=form.cleaned_data["comment"],
            )
        except ForumError as error:
            error.add_to(form)
        else:
            abuse.count(request, purpose=LIMIT_PURPOSE)
            response = _page(request, meeting, "thanks")
            _remember_answer(response, meeting)
            return response
    return _page(request, meeting, "form", form, status=400)


def offer_context(meeting: Meeting) -> dict:
    """For a page showing `meeting` (its public page, its minutes): the survey offer while it is open.

    Render with `{% include "portal/includes/feedback_offer.html" %}`.
    """
    if not survey.is_open(meeting):
        return {"feedback_offer": None}
    return {
        "feedback_offer": {
            "url": reverse("portal:feedback", args=[meeting.pk]),
            "closes_at": timezone.localtime(survey.closes_at(meeting)),
        }
    }


def survey_link(meeting: Meeting) -> str:
    """The survey's absolute address in the active language: printed, with a QR code, in the minutes."""
    return absolute_url(reverse("portal:feedback", args=[meeting.pk]))
