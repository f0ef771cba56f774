"""The secretary's queue of what citizens sent, one submission's page, and the four answers.

Thin views: the permission helpers fetch what the user may read (404) or decide on (403), the
forms validate, the services act, and a ForumError goes next to its field. Showing the words of
a restricted submission goes to the access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums import retention
from forums.errors import ForumError
from forums.models import Submission
from forums.submissions import permissions
from forums.submissions import services
from forums.submissions.forms import AcceptForm
from forums.submissions.forms import DeclineForm
from forums.submissions.forms import MergeForm
from forums.submissions.forms import RouteForm

QUEUE_LENGTH = 200


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """What waits for an answer in the user's forums, oldest first, and the latest answered."""
    readable = permissions.readable_submissions(request.user).select_related(
        "municipality", "forum", "category"
    )
    context = {
        "waiting": list(
            readable.filter(status=Submission.RECEIVED).order_by("received_at", "pk")[:QUEUE_LENGTH]
        ),
        "answered": list(
            readable.exclude(status=Submission.RECEIVED).order_by("-answered_at", "-pk")[:QUEUE_LENGTH]
        ),
    }
    return render(request, "forums/submission_list.html", context)


ANSWERS = ("accept", "merge", "route", "decline")


def _answer_form(name: str, submission: Submission, user, data=None):
    """One of the four answer forms, bound to `data` if given. Each has its own id prefix, so that
    every label on the page of four stays tied to its own field."""
    auto_id = f"{name}-%s"
    if name == "accept":
        return AcceptForm(data, submission=submission, user=user, auto_id=auto_id)
    if name == "merge":
        return MergeForm(data, submission=submission, user=user, auto_id=auto_id)
    if name == "route":
        return RouteForm(data, submission=submission, auto_id=auto_id)
    return DeclineForm(data, auto_id=auto_id)


def render_submission(request: HttpRequest, submission: Submission, **bound) -> HttpResponse:
    user = request.user
    can_decide = submission.is_waiting and permissions.can_decide_submission(user, submission)
    context = {
        "submission": submission,
        "handling": permissions.handling_forums(submission),
        "can_decide": can_decide,
        "history": submission.history.select_related("history_user").order_by("history_date", "history_id"),
    }
    if can_decide:
        context.update({f"{name}_form": _answer_form(name, submission, user) for name in ANSWERS})
        context.update(bound)
    retention.record_submission_view(
        by=user, submission=submission, forum=permissions.handling_forums(submission)[0]
    )
    return render(request, "forums/submission_detail.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_submission(request, permissions.get_submission_for_user(request.user, pk))


def _answered(request: HttpRequest, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("submissions:queue")


def _answer(request: HttpRequest, pk: int, name: str, act) -> HttpResponse:
    """One of the four answers: its form, then `act(submission, form)` (the service, and where
    to go next); an invalid form, or a ForumError shown at its field, gives the submission's page again."""
    submission = permissions.get_submission_for_user(request.user, pk, decide=True)
    form = _answer_form(name, submission, request.user, request.POST)
    if form.is_valid():
        try:
            return act(submission, form)
        except ForumError as error:
            error.add_to(form)
    return render_submission(request, submission, **{f"{name}_form": form})


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    def act(submission: Submission, form: AcceptForm) -> HttpResponse:
        concern = services.accept_submission(submission=submission, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            _("Accepted: concern #%(number)d on the agenda of meeting %(meeting)d.")
            % {"number": concern.pk, "meeting": concern.meeting.number},
        )
        return redirect(concern)

    return _answer(request, pk, "accept", act)


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    def act(submission: Submission, form: MergeForm) -> HttpResponse:
        services.merge_submission(submission=submission, by=request.user, **form.cleaned_data)
        return _answered(
            request, _("Joined to concern #%(number)d.") % {"number": form.cleaned_data["concern"].pk}
        )

    return _answer(request, pk, "merge", act)


@login_required
@require_POST
def route(request: HttpRequest, pk: int) -> HttpResponse:
    def act(submission: Submission, form: RouteForm) -> HttpResponse:
        routed = services.route_submission(
            submission=submission,
            by=request.user,
            public_answer=form.cleaned_data["public_answer"],
            **form.route_arguments(),
        )
        if routed.status == Submission.ROUTED_TO_POLICE:
            return _answered(request, _("Handed to the police."))
        return _answered(request, _("Sent to %(forum)s.") % {"forum": routed.forum.name})

    return _answer(request, pk, "route", act)


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    def act(submission: Submission, form: DeclineForm) -> HttpResponse:
        services.decline_submission(
            submission=submission,
            by=request.user,
            reason=form.cleaned_data["decline_reason"],
            public_answer=form.cleaned_data["public_answer"],
        )
        return _answered(request, _("Declined."))

    return _answer(request, pk, "decline", act)
