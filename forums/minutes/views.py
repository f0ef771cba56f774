"""Staff pages for minutes: write, submit, approve or return, publish, correct, retry.

Thin views: the permission helpers decide who sees (404) and who may act (403); the services
in forums.minutes.services decide whether a step is allowed now and say why not.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from forum_site.lib import reauth
from forums import permissions
from forums import retention
from forums import visibility
from forums.errors import ForumError
from forums.minutes import rendering
from forums.minutes import services
from forums.minutes.forms import MinutesForm
from forums.minutes.forms import ReturnMinutesForm
from forums.models import Minutes
from forums.models import MinutesVersion


def _minutes_or_none(meeting) -> Minutes | None:
    return (
        Minutes.objects.select_related("approved_by", "submitted_by", "meeting__forum__municipality")
        .filter(meeting=meeting)
        .first()
    )


def _page(request, meeting, minutes, *, form=None, return_form=None, status=200):
    forum = meeting.forum
    preview, preview_language = "", ""
    if minutes is not None:
        preview_language = rendering.minutes_languages(minutes)[0]
        with translation.override(preview_language):
            preview = rendering.render_minutes_html(rendering.minutes_context(minutes))
    context = {
        "meeting": meeting,
        "forum": forum,
        "minutes": minutes,
        "form": form or (MinutesForm(instance=minutes) if minutes else None),
        "return_form": return_form or ReturnMinutesForm(),
        "preview": preview,
        # Marked on the page, so that screen readers read the preview in its own language.
        "preview_language": preview_language,
        "versions": _versions_named(minutes) if minutes else [],
        "may_write": permissions.can_write_minutes(request.user, forum),
        "may_approve": permissions.can_approve_minutes(request.user, forum),
        "may_publish": permissions.can_publish_minutes(request.user, forum),
        # Beside the preview, in words: which sensitive concerns show their text here, and who agreed.
        "sensitive_publications": visibility.sensitive_publications(meeting)
        if minutes is not None and permissions.can_see_restricted(request.user, forum)
        else None,
        "may_confirm_public": permissions.can_confirm_public(request.user, forum),
    }
    return render(request, "forums/minutes_detail.html", context, status=status)


def _versions_named(minutes: Minutes) -> list[MinutesVersion]:
    """The published versions, newest first, each with its language's name in the reader's language."""
    names = dict(settings.LANGUAGES)
    versions = list(minutes.versions.order_by("-number", "language"))
    for version in versions:
        version.language_name = names.get(version.language, version.language)
    return versions


@login_required
def minutes_detail(request, meeting_pk: int):
    meeting = permissions.get_meeting_for_user(request.user, meeting_pk)
    return _page(request, meeting, _minutes_or_none(meeting))


def _meeting_to_work_on(request, meeting_pk: int):
    meeting = permissions.get_meeting_for_user(request.user, meeting_pk)
    if not permissions.can_work_on_minutes(request.user, meeting.forum):
        raise PermissionDenied
    return meeting


@login_required
@require_POST
def minutes_start(request, meeting_pk: int):
    meeting = _meeting_to_work_on(request, meeting_pk)
    try:
        services.start_minutes(meeting=meeting, by=request.user)
    except ForumError as error:
        messages.error(request, error.message)
    return redirect("minutes:detail", meeting_pk=meeting.pk)


@login_required
@require_POST
def minutes_transition(request, meeting_pk: int, transition: str):
    meeting = _meeting_to_work_on(request, meeting_pk)
    minutes = _minutes_or_none(meeting)
    if minutes is None or transition not in TRANSITIONS:
        raise Http404
    if transition in REAUTHENTICATE_FOR:
        # Publishing puts text before every citizen: a stale session proves who is there first.
        reauth.require_recent_authentication(request)
    if transition == "edit":
        form = MinutesForm(request.POST, instance=Minutes.objects.get(pk=minutes.pk))
        if not form.is_valid():
            return _page(request, meeting, minutes, form=form, status=400)
        try:
            services.edit_minutes(minutes=minutes, by=request.user, **form.cleaned_data)
        except ForumError as error:
            if error.field is None:
                # Not about the text (the minutes moved on): the form is gone, say it on the page.
                messages.error(request, error.message)
                return redirect("minutes:detail", meeting_pk=meeting.pk)
            form.add_error(error.field, error.message)
            return _page(request, meeting, minutes, form=form, status=400)
        messages.success(request, _("The minutes were saved."))
        return redirect("minutes:detail", meeting_pk=meeting.pk)
    if transition == "return":
        return_form = ReturnMinutesForm(request.POST)
        if not return_form.is_valid():
            return _page(request, meeting, minutes, return_form=return_form, status=400)
        try:
            services.return_minutes(
                minutes=minutes, by=request.user, comment=return_form.cleaned_data["comment"]
            )
        except ForumError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The minutes were returned to the secretary."))
        return redirect("minutes:detail", meeting_pk=meeting.pk)
    service, done = TRANSITIONS[transition]
    try:
        service(minutes=minutes, by=request.user)
    except ForumError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect("minutes:detail", meeting_pk=meeting.pk)


TRANSITIONS = {
    "edit": (None, ""),
    "return": (None, ""),
    "submit": (services.submit_minutes, gettext_lazy("The minutes were sent to the chair for approval.")),
    # Approving publishes nothing: the chair learns here that someone still has to press "Publish".
    "approve": (
        services.approve_minutes,
        gettext_lazy(
            "The minutes were approved. Citizens see nothing of them until they are published: "
            "you or the forum's secretary can press “Publish” on this page."
        ),
    ),
    "publish": (services.publish_minutes, gettext_lazy("The minutes are being published.")),
    "retry": (services.retry_rendering, gettext_lazy("Publication was queued again.")),
    "reopen": (
        services.reopen_for_correction,
        gettext_lazy("The minutes were reopened for a corrected version."),
    ),
}


# Transitions that put minutes before the public.
REAUTHENTICATE_FOR = {"publish", "retry"}


@login_required
def minutes_version_pdf(request, meeting_pk: int, number: int, language: str):
    """Staff download of any version, also of closed meetings that have no public page.

    A withdrawn version holds text now restricted: only those who read restricted text get it,
    and each download is in the access log.
    """
    meeting = permissions.get_meeting_for_user(request.user, meeting_pk)
    version = get_object_or_404(MinutesVersion, minutes__meeting=meeting, number=number, language=language)
    if version.is_withdrawn:
        if not permissions.can_see_restricted(request.user, meeting.forum):
            raise PermissionDenied
        retention.record_withdrawn_version_read(version=version, by=request.user)
    return version_file_response(version)


def version_file_response(version: MinutesVersion) -> FileResponse:
    response = FileResponse(
        version.pdf.open("rb"),
        content_type="application/pdf",
        filename=rendering.pdf_file_name(version.minutes, version.number, version.language),
    )
    response["Cache-Control"] = "private, no-store"
    return response
