"""What the actions app adds to the forums' staff pages and minutes (see forums.extensions).

Registered from ActionsConfig.ready(): forums never imports actions, so its pages ask for this.
"""

from django.core.paginator import Page
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.filters import WEEK
from actions.forms import ActionForm
from actions.forms import ReassignForm
from actions.models import Action
from actions.permissions import can_read_action_text
from actions.permissions import visible_actions
from actions.services import follow_up_actions
from actions.services import follow_up_queryset
from forum_site.lib.queues import Queue
from forum_site.lib.queues import first_rows
from forums import extensions
from forums import permissions
from forums import retention
from forums.models import Concern
from forums.models import Meeting
from forums.models import RestrictedAccess
from forums.partials import refresh_on


def action_rows(queryset: QuerySet[Action]) -> QuerySet[Action]:
    return queryset.select_related("meeting__forum", "responsible_body", "assignee", "concern__category")


# Earlier actions shown on a meeting's page at a time; the minutes list them all.
FOLLOW_UP_PAGE_SIZE = 20


def follow_up_with_labels(meeting: Meeting) -> list[tuple[Action, str]]:
    """The earlier actions a meeting reviewed, each with the label of its status then."""
    labels = dict(Action.STATUS_CHOICES)
    return [(action, labels.get(status, status)) for action, status in follow_up_actions(meeting)]


def follow_up_page(request: HttpRequest, meeting: Meeting) -> Page:
    """One page of the earlier actions this user may see, those still open first, then by due date.

    A forum meeting monthly for years has thousands of earlier actions; the page shows a bounded part.
    """
    rows = (
        action_rows(follow_up_queryset(meeting, visible_actions(request.user)))
        .annotate(done_then=~Q(status_then__in=Action.ACTIVE_STATUSES))
        .order_by("done_then", "due_date", "pk")
    )
    return Paginator(rows, FOLLOW_UP_PAGE_SIZE).get_page(request.GET.get("page"))


# Each list of actions on the dashboard shows this many; "my actions" has them all.
DASHBOARD_LIST_LENGTH = 50


def dashboard_context(request: HttpRequest) -> dict:
    """The person's actions by urgency (overdue, due this week, later) and the secretary's unassigned ones.

    One query for all four lists.
    """
    user, today = request.user, timezone.localdate()
    week_end = today + WEEK
    by_due_date = ("due_date", "pk")

    def listed(where: Q) -> Queue:
        return Queue(where, by_due_date, DASHBOARD_LIST_LENGTH, counted=False)

    queues = {
        "overdue_actions": listed(Q(due_date__lt=today)),
        "due_this_week_actions": listed(Q(due_date__gte=today, due_date__lte=week_end)),
        "open_actions": listed(Q(due_date__gt=week_end)),
    }
    if managed := permissions.forum_ids_with(user, permissions.MANAGER_ROLES):
        # The secretary's queue: open actions nobody holds, e.g. after an assignee left the forum.
        # Secretaries oversee their forums, so these are among the visible actions.
        queues["unassigned_actions"] = listed(Q(meeting__forum_id__in=managed, assignee__isnull=True))
    # Every action one sees is of a meeting of one's forums. Saying so (again) lets the database
    # start from those meetings rather than from every open action in the country.
    meetings = Meeting.objects.filter(forum_id__in=permissions.forum_ids_with(user, permissions.ANY_ROLE))
    active = visible_actions(user).filter(status__in=Action.ACTIVE_STATUSES, meeting__in=meetings)
    found = first_rows(active, queues, read=action_rows(Action.objects.all()))
    return {
        "overdue_actions": found["overdue_actions"]["rows"],
        "due_this_week_actions": found["due_this_week_actions"]["rows"],
        "open_actions": found["open_actions"]["rows"],
        "unassigned_actions": found.get("unassigned_actions", {"rows": []})["rows"],
        "today": today,
    }


def meeting_context(request: HttpRequest, *, meeting: Meeting) -> dict:
    """A meeting's actions, the earlier ones it reviews, and (secretaries) the form to assign one.

    Restricted actions whose text the page shows go to the access log.
    """
    # Earlier actions to review here, as far as this user may see them, with their status at the meeting.
    page = follow_up_page(request, meeting)
    labels = dict(Action.STATUS_CHOICES)
    follow_up = [(action, labels.get(action.status_then, action.status_then)) for action in page.object_list]
    earlier = [action for action, _label in follow_up]
    return {
        **meeting_actions_context(request, meeting, also_shown=earlier),
        "follow_up": follow_up,
        "follow_up_page": page,
    }


ACTIONS_SECTION = "actions/includes/meeting_actions.html"


def meeting_actions_context(
    request: HttpRequest,
    meeting: Meeting,
    *,
    form: ActionForm | None = None,
    editing: Action | None = None,
    edit_form: ReassignForm | None = None,
    also_shown: list[Action] = (),
    alone: bool = False,
) -> dict:
    """The actions section of a meeting's page: its actions, the one being edited in place (if any),
    and (secretaries) the form to assign one.

    Answered `alone` to htmx after an action is assigned or edited in place, or an edit cancelled. The
    restricted actions it shows, and those `also_shown` elsewhere on the page, go to the access log in
    one write; so do, when alone, the restricted concerns the form's list names (on the whole page they
    are logged with the concerns section).
    """
    user = request.user
    actions = list(action_rows(visible_actions(user).filter(meeting=meeting)).order_by("due_date", "pk"))
    can_manage = permissions.can_manage_forum(user, meeting.forum)
    if can_manage:
        form = form or meeting_action_form(meeting, user=user)
    retention.record_restricted_views(
        by=user,
        surface=RestrictedAccess.MEETING_PAGE,
        forum=meeting.forum,
        actions=[action for action in [*actions, *also_shown] if can_read_action_text(user, action)],
        concerns=form.restricted_concerns_shown() if can_manage and alone else (),
    )
    context = {
        "meeting": meeting,
        "forum": meeting.forum,
        "actions": actions,
        # The secretary, who reassigns any action of the forum, opens each row as its form.
        "edit_actions": can_manage,
        "editing": editing,
        "edit_form": edit_form,
    }
    if can_manage:
        context["action_form"] = form
    return context


def meeting_actions_alone(request: HttpRequest, meeting: Meeting, **forms) -> dict:
    """The actions section answered alone to htmx (see meeting_actions_context)."""
    return meeting_actions_context(request, meeting, alone=True, **forms)


def meeting_action_form(meeting: Meeting, *, user, data=None, initial: dict | None = None) -> ActionForm:
    """The action form of the meeting page; its list of concerns refreshes itself when one is logged
    (sending the concern chosen, which `initial` keeps chosen)."""
    form = ActionForm(data, initial=initial, meeting=meeting, user=user, auto_id="action-%s")
    refresh_on(form["concern"], "concerns-changed", reverse("actions:action_create", args=[meeting.pk]))
    return form


def concern_context(request: HttpRequest, *, concern: Concern) -> dict:
    """The actions answering a concern, and whether all of them are done.

    Restricted ones whose text the page shows go to the access log.
    """
    user = request.user
    actions = list(action_rows(visible_actions(user).filter(concern=concern)).order_by("due_date", "pk"))
    retention.record_restricted_views(
        by=user,
        surface=RestrictedAccess.CONCERN_PAGE,
        forum=concern.meeting.forum,
        actions=[action for action in actions if can_read_action_text(user, action)],
    )
    # Every action's status, also of those this person does not see: a status tells nothing of its text.
    statuses = set(Action.objects.filter(concern=concern).values_list("status", flat=True))
    return {
        "actions": actions,
        # Work done, none left open: the page offers to close the concern as resolved.
        "actions_all_done": Action.DONE in statuses and not statuses & set(Action.ACTIVE_STATUSES),
    }


def register() -> None:
    extensions.provide_follow_up(follow_up_with_labels)
    extensions.provide_page_context(extensions.DASHBOARD, dashboard_context)
    extensions.provide_page_context(extensions.MEETING_PAGE, meeting_context)
    extensions.provide_page_context(extensions.CONCERN_PAGE, concern_context)
    extensions.provide_meeting_section(
        "actions", extensions.MeetingSection(template=ACTIONS_SECTION, context=meeting_actions_alone)
    )
    extensions.track_history(
        extensions.TrackedHistory(
            kind="action",
            model=Action,
            scope="meeting_id__in",
            label=_("Action"),
            url_name="actions:action_detail",
        )
    )
