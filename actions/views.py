"""Staff pages for follow-up actions: assign, look at, reassign and report progress."""

import copy
import csv
from collections import Counter
from functools import partial
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from actions import permissions
from actions import services
from actions.filters import ActionFilter
from actions.forms import ActionForm
from actions.forms import ActionUpdateForm
from actions.forms import ReassignForm
from actions.models import Action
from actions.pages import ACTIONS_SECTION
from actions.pages import meeting_action_form
from actions.pages import meeting_actions_alone
from forum_site.lib import reauth
from forum_site.lib.reauth import sensitive_action
from forums import retention
from forums.errors import ForumError
from forums.models import RestrictedAccess
from forums.partials import INVALID
from forums.partials import answer_edit_form
from forums.partials import edit_auto_id
from forums.partials import focus_first_field
from forums.partials import render_section
from forums.permissions import can_see_restricted
from forums.permissions import can_view_concern
from forums.permissions import can_view_forum
from forums.permissions import get_meeting_for_user


@login_required
def action_create(request: HttpRequest, meeting_pk: int) -> HttpResponse:
    """Assign an action: a page of its own without JavaScript, in place on the meeting page with htmx."""
    meeting = get_meeting_for_user(request.user, meeting_pk, manage=True)
    data = request.POST or None
    if request.htmx:
        chosen = {"concern": request.GET.get("concern")}
        form = meeting_action_form(meeting, user=request.user, data=data, initial=chosen)
    else:
        form = ActionForm(data, meeting=meeting, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.assign_action(meeting=meeting, by=request.user, **form.cleaned_data)
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Action “%(title)s” assigned.") % {"title": action.title})
            if request.htmx:
                fresh = focus_first_field(meeting_action_form(meeting, user=request.user))
                return actions_section(request, meeting, form=fresh)
            return redirect(meeting.get_absolute_url() + "#actions")
    if request.htmx and request.method == "POST":
        return actions_section(request, meeting, form=focus_first_field(form), status=INVALID)
    # The concern list shows restricted summaries to those who read them: that is a view to log.
    retention.record_restricted_views(
        by=request.user,
        surface=RestrictedAccess.MEETING_PAGE,
        forum=meeting.forum,
        concerns=form.restricted_concerns_shown(),
    )
    if request.htmx:
        # The form alone: the meeting page picks its new list of concerns out of it (hx-select).
        context = {"meeting": meeting, "action_form": form}
        return render_section(request, "actions/includes/action_quick_form.html", context)
    return render(request, "actions/action_form.html", {"form": form, "meeting": meeting})


def actions_section(request: HttpRequest, meeting, *, status: int = 200, **forms) -> HttpResponse:
    """The actions section of the meeting page, answered to htmx (it logs what it shows)."""
    return render_section(
        request, ACTIONS_SECTION, meeting_actions_alone(request, meeting, **forms), status=status
    )


def detail_context(request: HttpRequest, action, **extra) -> dict:
    user = request.user
    concern = action.concern
    forum = action.meeting.forum
    context = {
        "action": action,
        "meeting": action.meeting,
        "concern": concern,
        # A restricted action shows its title, description and notes only to two-factor roles;
        # anyone else assigned to it sees its category, due date and status.
        "text_readable": permissions.can_read_action_text(user, action),
        # What of the concern this person may read: a restricted one shows only its category and date.
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


def render_detail(request: HttpRequest, context: dict) -> HttpResponse:
    """The action page; what restricted text it shows is written to the access log."""
    action = context["action"]
    retention.record_restricted_view(
        by=request.user,
        action=action if context["text_readable"] else None,
        concern=action.concern if context["show_concern_summary"] else None,
        surface=RestrictedAccess.ACTION_PAGE,
        forum=action.meeting.forum,
    )
    return render(request, "actions/action_detail.html", context)


@login_required
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_user(request.user, pk)
    return render_detail(request, detail_context(request, action))


@login_required
@require_POST
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = permissions.get_action_for_user(request.user, pk, update=True)
    form = ActionUpdateForm(request.POST, action=action)
    if form.is_valid():
        try:
            services.post_update(action=action, by=request.user, **form.cleaned_data)
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Update posted."))
            return redirect(action.get_absolute_url() + "#updates")
    return render_detail(request, detail_context(request, action, update_form=form))


@login_required
def action_reassign(request: HttpRequest, pk: int) -> HttpResponse:
    """An action's edit: its title, description, priority, body, assignee, due date and restricted mark.
    A page of its own, or (htmx) its row of the meeting page opened as the form."""
    user = request.user
    action = permissions.get_action_for_user(user, pk)
    if not permissions.can_reassign_action(user, action):
        raise PermissionDenied
    # Police liaison officers hand actions only among police units.
    police_only = not permissions.can_manage_action(user, action)
    # The form works on a copy, so the permission checks in the service see the action as it was.
    form = ReassignForm(
        request.POST or None,
        instance=copy.copy(action),
        police_only=police_only,
        auto_id=edit_auto_id(request, "action", action.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.reassign_action(action=action, by=user, **form.cleaned_data)
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Action saved."))
            if request.htmx:
                return actions_section(request, action.meeting)
            return redirect(action)
    # Only those who read restricted text reassign, and the form names the action (in place too).
    retention.record_restricted_view(
        by=user, action=action, surface=RestrictedAccess.ACTION_PAGE, forum=action.meeting.forum
    )
    if request.htmx:
        return answer_edit_form(
            request, partial(actions_section, request, action.meeting), record=action, form=form
        )
    return render(request, "actions/action_reassign.html", {"form": form, "action": action})


MY_ACTIONS_PAGE_SIZE = 25


def filtered_actions(request: HttpRequest, *, default_status: str = "") -> ActionFilter:
    """The actions this user sees (assigned, their unit's, their forum's), narrowed by the GET filters.

    `default_status` applies when the request names no status (the page's "open or in progress").
    """
    actions = permissions.visible_actions(request.user).select_related(
        "meeting__forum", "responsible_body", "assignee", "concern__category"
    )
    data = request.GET.copy()
    if default_status and not data.get("status"):
        data["status"] = default_status
    return ActionFilter(data or None, queryset=actions.order_by("due_date", "pk"))


# One tap from the list: the filters people reach for, as (label, query) pairs.
QUICK_FILTERS = [
    (gettext_lazy("Open and in progress"), {"status": ActionFilter.ACTIVE}),
    (gettext_lazy("Overdue"), {"status": ActionFilter.ACTIVE, "due": ActionFilter.OVERDUE}),
    (gettext_lazy("Due in 7 days"), {"status": ActionFilter.ACTIVE, "due": ActionFilter.THIS_WEEK}),
    (gettext_lazy("Done"), {"status": Action.DONE}),
    (gettext_lazy("All"), {"status": ActionFilter.ANY}),
]


def quick_filters(data) -> list[dict]:
    """The quick filters as links, the one matching the current filters marked."""
    chosen = {key: value for key, value in data.items() if value and key != "page"}
    return [
        {"label": label, "query": urlencode(query), "current": chosen == query}
        for label, query in QUICK_FILTERS
    ]


def concern_summary_for(user, action: Action) -> str | None:
    """The concern's public summary if this user may read it; None for a restricted one they may not."""
    concern = action.concern
    if concern is None:
        return ""
    if concern.is_restricted and not can_see_restricted(user, action.meeting.forum):
        return None
    return concern.summary


@login_required
def my_actions(request: HttpRequest) -> HttpResponse:
    """The actions the user works on or oversees, open ones first by due date, with what each concern is about."""
    filterset = filtered_actions(request, default_status=ActionFilter.ACTIVE)
    page = Paginator(filterset.qs, MY_ACTIONS_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(action, concern_summary_for(request.user, action)) for action in page.object_list]
    # The filters in effect, the default status included: the CSV link exports what the page lists.
    query = filterset.data.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "quick_filters": quick_filters(query),
        "can_export_restricted": permissions.can_export_restricted(request.user),
        "today": timezone.localdate(),
    }
    return render(request, "actions/action_list.html", context)


def csv_cell(value) -> str:
    """Text for a spreadsheet cell; a leading formula character is defused (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


CSV_HEADER = [
    "id",
    "title",
    "description",
    "restricted",
    "forum",
    "meeting",
    "meeting_date",
    "responsible_body",
    "assignee",
    "due_date",
    "overdue",
    "priority",
    "status",
    "completed_at",
    "concern",
    "category",
    "visibility",
    "concern_summary",
]
INCLUDE_RESTRICTED = "include_restricted"


def export_row(action: Action, *, with_restricted_text: bool) -> list:
    """One row. A restricted action's text, its body and its concern's summary only when asked for.

    Files travel further than pages: by default a restricted row keeps its forum, category, dates
    and status, and the body too is left out, as a sensitive unit's name tells what the case is.
    """
    concern = action.concern
    restricted = action.is_restricted
    text_shown = with_restricted_text or not restricted
    return [
        action.pk,
        action.title if text_shown else "",
        action.description if text_shown else "",
        "yes" if restricted else "no",
        action.meeting.forum.name,
        action.meeting.number,
        timezone.localtime(action.meeting.starts_at).date().isoformat(),
        action.responsible_body.name if text_shown else "",
        (action.assignee.get_full_name() or action.assignee.email) if action.assignee else "",
        action.due_date.isoformat(),
        "yes" if action.is_overdue else "no",
        action.priority,
        action.status,
        timezone.localtime(action.completed_at).isoformat(timespec="minutes") if action.completed_at else "",
        concern.pk if concern else "",
        concern.category.name if concern else "",
        concern.visibility if concern else "",
        concern.summary if concern and (with_restricted_text or not concern.is_restricted) else "",
    ]


def wants_restricted_details(request: HttpRequest) -> bool:
    """The "include restricted details" option: only for two-factor roles, after the password again."""
    if request.GET.get(INCLUDE_RESTRICTED) != "1":
        return False
    if not permissions.can_export_restricted(request.user):
        raise PermissionDenied
    reauth.require_reauthentication(request)
    return True


@login_required
@sensitive_action
def my_actions_csv(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV; a sensitive export, so allauth asks for the password again first.

    Restricted text is left out unless a two-factor role asks for it; then it is included for the
    rows of the forums where they read it, and each such forum's rows are written to the access log.
    """
    user = request.user
    include = wants_restricted_details(request)
    readable_forums = permissions.restricted_readable_forum_ids(user) if include else set()
    filterset = filtered_actions(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="actions.csv"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")  # Spreadsheet programs read UTF-8 (ë, ç, č) only with the byte-order mark.
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    included: Counter[int] = Counter()
    for action in filterset.qs.iterator(chunk_size=500):
        forum_id = action.meeting.forum_id
        with_text = action.is_restricted and forum_id in readable_forums
        if with_text:
            included[forum_id] += 1
        writer.writerow([csv_cell(value) for value in export_row(action, with_restricted_text=with_text)])
    for forum_id, rows in sorted(included.items()):
        retention.record_restricted_export(by=user, forum_id=forum_id, rows=rows)
    return response
