"""The secretary's queue of what citizens sent, one submission's page, and the four answers.

Thin views: the permission helpers fetch what the user may read (404) or decide on (403), the
forms validate, the services act, and a ForumError goes next to its field. Showing the words of
a restricted submission goes to the access log.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums import retention
from forums.errors import ForumError
from forums.models import Submission
from forums.submissions import permissions, services
from forums.submissions.forms import AcceptForm, DeclineForm, MergeForm, RouteForm

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


def _forms(request: HttpRequest, submission: Submission, **bound) -> dict:
    """The four answer forms, each with its own id prefix so every label stays tied to its field."""
    user = request.user
    forms = {
        "accept_form": AcceptForm(submission=submission, user=user, auto_id="accept-%s"),
        "merge_form": MergeForm(submission=submission, user=user, auto_id="merge-%s"),
        "route_form": RouteForm(submission=submission, auto_id="route-%s"),
        "decline_form": DeclineForm(auto_id="decline-%s"),
    }
    forms.update(bound)
    return forms


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
        context.update(_forms(request, submission, **bound))
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


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    submission = permissions.get_submission_for_user(request.user, pk, decide=True)
    form = AcceptForm(request.POST, submission=submission, user=request.user, auto_id="accept-%s")
    if form.is_valid():
        try:
            concern = services.accept_submission(submission=submission, by=request.user, **form.cleaned_data)
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(
                request,
                _("Accepted: concern #%(number)d on the agenda of meeting %(meeting)d.")
                % {"number": concern.pk, "meeting": concern.meeting.number},
            )
            return redirect(concern)
    return render_submission(request, submission, accept_form=form)


@login_required
@require_POST
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    submission = permissions.get_submission_for_user(request.user, pk, decide=True)
    form = MergeForm(request.POST, submission=submission, user=request.user, auto_id="merge-%s")
    if form.is_valid():
        try:
            services.merge_submission(submission=submission, by=request.user, **form.cleaned_data)
        except ForumError as error:
            error.add_to(form)
        else:
            return _answered(
                request,
                _("Joined to concern #%(number)d.") % {"number": form.cleaned_data["concern"].pk},
            )
    return render_submission(request, submission, merge_form=form)


@login_required
@require_POST
def route(request: HttpRequest, pk: int) -> HttpResponse:
    submission = permissions.get_submission_for_user(request.user, pk, decide=True)
    form = RouteForm(request.POST, submission=submission, auto_id="route-%s")
    if form.is_valid():
        try:
            routed = services.route_submission(
                submission=submission,
                by=request.user,
                public_answer=form.cleaned_data["public_answer"],
                **form.route_arguments(),
            )
        except ForumError as error:
            error.add_to(form)
        else:
            if routed.status == Submission.ROUTED_TO_POLICE:
                return _answered(request, _("Handed to the police."))
            return _answered(request, _("Sent to %(forum)s.") % {"forum": routed.forum.name})
    return render_submission(request, submission, route_form=form)


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    submission = permissions.get_submission_for_user(request.user, pk, decide=True)
    form = DeclineForm(request.POST, auto_id="decline-%s")
    if form.is_valid():
        try:
            services.decline_submission(
                submission=submission,
                by=request.user,
                reason=form.cleaned_data["decline_reason"],
                public_answer=form.cleaned_data["public_answer"],
            )
        except ForumError as error:
            error.add_to(form)
        else:
            return _answered(request, _("Declined."))
    return render_submission(request, submission, decline_form=form)
