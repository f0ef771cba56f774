"""Staff pages for follow-up actions: assign, look at, reassign and report progress."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions import permissions, services
from actions.forms import ActionForm, ActionUpdateForm, ReassignForm
from forums.permissions import can_see_restricted, can_view_concern, can_view_forum, get_meeting_for_user
from forums.services import ForumError


@login_required
def action_create(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, meeting_pk, manage=True)
    form = ActionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.assign_action(meeting=meeting, by=request.user, **form.cleaned_data)
        except ForumError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Action “%(title)s” assigned.") % {"title": action.title})
            return redirect(meeting.get_absolute_url() + "#actions")
    return render(request, "actions/action_form.html", {"form": form, "meeting": meeting})


def detail_context(request: HttpRequest, action, **extra) -> dict:
    user = request.user
    concern = action.concern
    forum = action.meeting.forum
    context = {
        "action": action,
        "meeting": action.meeting,
        "concern": concern,
        # What of the concern this person may read: a restricted one shows only its category.
        "show_concern_summary": concern is not None
        and (not concern.is_restricted or can_view_concern(user, concern)),
        "show_concern_details": concern is not None and can_see_restricted(user, forum),
        "concern_link": concern is not None and can_view_concern(user, concern),
        "meeting_link": can_view_forum(user, forum),
        "updates": action.updates.select_related("author").order_by("created_at", "pk"),
        "can_update": permissions.can_update_action(user, action),
        "can_reassign": permissions.can_reassign_action(user, action),
        "today": timezone.localdate(),
    }
    if context["can_update"]:
        context["update_form"] = ActionUpdateForm(action=action)
    context.update(extra)
    return context


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_user(request.user, pk)
    return render(request, "actions/action_detail.html", detail_context(request, action))


@login_required
@require_POST
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_user(request.user, pk, update=True)
    form = ActionUpdateForm(request.POST, action=action)
    if form.is_valid():
        try:
            services.post_update(action=action, by=request.user, **form.cleaned_data)
        except ForumError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Update posted."))
            return redirect(action.get_absolute_url() + "#updates")
    context = detail_context(request, action, update_form=form)
    return render(request, "actions/action_detail.html", context)


@login_required
def action_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    action = permissions.get_action_for_user(user, pk)
    if not permissions.can_reassign_action(user, action):
        raise PermissionDenied
    # Police liaison officers hand actions only among police units.
    police_only = not permissions.can_manage_action(user, action)
    # The form works on a copy, so the permission checks in the service see the action as it was.
    form = ReassignForm(request.POST or None, instance=copy.copy(action), police_only=police_only)
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign_action(action=action, by=user, **form.cleaned_data)
        except ForumError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Action reassigned."))
            return redirect(action)
    return render(request, "actions/action_reassign.html", {"form": form, "action": action})
