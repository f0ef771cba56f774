"""Staff pages: the dashboard and the live recording of a forum's meetings.

Views are thin: the permission helpers fetch what the user may see (404) or change (403),
the forms validate, the services record, and a ForumError becomes a message next to its field.
"""

import copy
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forum_site.lib import reauth
from forum_site.lib.forms import offer_choices
from forum_site.lib.queues import Queue
from forum_site.lib.queues import first_rows
from forums import escalation
from forums import extensions
from forums import permissions
from forums import privacy
from forums import retention
from forums import services
from forums import visibility
from forums.errors import ForumError
from forums.forms import AgendaItemForm
from forums.forms import AgendaReorderForm
from forums.forms import AttendanceForm
from forums.forms import ConcernCloseForm
from forums.forms import ConcernEditForm
from forums.forms import ConcernForm
from forums.forms import MeetingEditForm
from forums.forms import MeetingForm
from forums.forms import ProposePublicForm
from forums.models import AgendaItem
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership
from forums.models import Minutes
from forums.models import RestrictedAccess
from forums.models import VisibilityProposal
from forums.partials import INVALID
from forums.partials import answer_edit_form
from forums.partials import edit_auto_id
from forums.partials import focus_first_field
from forums.partials import refresh_on
from forums.partials import render_section
from forums.submissions import permissions as submission_permissions


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """Each role's queues, in a fixed number of queries: one per model, whatever roles one holds."""
    user = request.user
    roles = permissions.roles_by_forum(user)
    # The user's forums and the others of their municipalities, where citizens' submissions sent
    # with "I don't know" may wait: one query serves "My forums" and the submission counts.
    around = list(submission_permissions.forums_beside(list(roles)).select_related("municipality"))
    forums = my_forums(user, around)
    context = {
        "forums": forums,
        # "Schedule a meeting" sits on each forum's page; on a phone that page is reached from the
        # bottom of this long one, so the secretary finds the link at the top too.
        "forums_to_schedule": [entry["forum"] for entry in forums if entry["manages"]],
        "proposals_to_decide": proposals_to_decide(user),
        # What citizens sent through the site, waiting in the user's forums (forums.submissions).
        "submission_queues": submission_permissions.queues_for(user, beside=around),
        **meeting_queues(user),
        **minutes_queues(user),
        **extensions.page_context(extensions.DASHBOARD, request),
    }
    return render(request, "forums/dashboard.html", context)


def my_forums(user, forums: list[Forum]) -> list[dict]:
    """The user's forums among `forums`, by name, each with the user's roles there."""
    roles = permissions.roles_by_forum(user)
    labels = dict(Membership.ROLE_CHOICES)
    mine = sorted((forum for forum in forums if forum.pk in roles), key=lambda forum: forum.name_sq)
    return [
        {
            "forum": forum,
            "roles": [labels[role] for role in sorted(roles[forum.pk])],
            "linked": permissions.can_view_forum(user, forum),
            "manages": permissions.can_manage_forum(user, forum),
        }
        for forum in mine
    ]


# Each queue on the dashboard shows this many rows; its heading counts them all.
QUEUE_LENGTH = 10
NEXT_MEETINGS = 8


def meeting_queues(user) -> dict:
    """The next meetings of one's forums and, for secretaries, past meetings to mark held and held
    meetings without minutes. One query."""
    now = timezone.now()
    queues = {
        "next_meetings": Queue(
            Q(status=Meeting.PLANNED, starts_at__gte=now),
            order_by=("starts_at", "pk"),
            length=NEXT_MEETINGS,
            counted=False,
        )
    }
    if writer_forums := permissions.forum_ids_with(user, permissions.MINUTES_WRITER_ROLES):
        queues["meetings_to_mark"] = Queue(
            Q(forum_id__in=writer_forums, status=Meeting.PLANNED, starts_at__lt=now),
            order_by=("starts_at", "pk"),
            length=QUEUE_LENGTH,
        )
        # Newest first: the meeting just held is the one whose minutes are due now.
        queues["meetings_without_minutes"] = Queue(
            Q(forum_id__in=writer_forums, status=Meeting.HELD, minutes__isnull=True),
            order_by=(F("starts_at").desc(), F("pk").desc()),
            length=QUEUE_LENGTH,
        )
    found = first_rows(
        permissions.visible_meetings(user), queues, read=Meeting.objects.select_related("forum")
    )
    return {**found, "next_meetings": found["next_meetings"]["rows"], "queue_length": QUEUE_LENGTH}


def minutes_queues(user) -> dict:
    """Minutes waiting for the chair's approval (all of them), and for the secretary minutes returned
    for changes and those whose publishing failed. One query, none for other roles."""
    approver_forums = permissions.forum_ids_with(user, permissions.MINUTES_APPROVER_ROLES)
    writer_forums = permissions.forum_ids_with(user, permissions.MINUTES_WRITER_ROLES)
    queues = {}
    if approver_forums:
        queues["minutes_to_approve"] = Queue(
            Q(meeting__forum_id__in=approver_forums, status=Minutes.SUBMITTED),
            order_by=("submitted_at", "pk"),
            length=None,
            counted=False,
        )
    if writer_forums:
        queues["minutes_returned"] = Queue(
            Q(meeting__forum_id__in=writer_forums, status=Minutes.DRAFT) & ~Q(return_comment=""),
            order_by=("meeting__starts_at", "pk"),
            length=QUEUE_LENGTH,
        )
        queues["renders_failed"] = Queue(
            Q(
                meeting__forum_id__in=writer_forums,
                status=Minutes.APPROVED,
                render_state=Minutes.RENDER_FAILED,
            ),
            order_by=("meeting__starts_at", "pk"),
            length=QUEUE_LENGTH,
        )
    if not queues:
        return {}
    found = first_rows(
        Minutes.objects.filter(meeting__forum_id__in=[*approver_forums, *writer_forums]),
        queues,
        read=Minutes.objects.select_related("meeting__forum", "submitted_by").defer("narrative", "decisions"),
    )
    if "minutes_to_approve" in found:
        found["minutes_to_approve"] = found["minutes_to_approve"]["rows"]
    return found


def proposals_to_decide(user) -> list[VisibilityProposal]:
    """Proposals to make a concern public that wait for this user as chair."""
    forum_ids = permissions.forum_ids_with(user, permissions.PUBLICATION_CONFIRMER_ROLES)
    if not forum_ids:
        return []
    return list(
        VisibilityProposal.objects.filter(
            status=VisibilityProposal.PENDING, concern__meeting__forum_id__in=forum_ids
        )
        .select_related("concern__category", "concern__meeting__forum", "proposed_by")
        .order_by("proposed_at", "pk")
    )


@login_required
def forum_detail(request: HttpRequest, slug: str) -> HttpResponse:
    forum = permissions.get_forum_for_user(request.user, slug)
    meetings = forum.meetings.annotate(concern_count=Count("concerns", distinct=True))
    now = timezone.now()
    context = {
        "forum": forum,
        "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at"),
        "past": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:24],
        "memberships": forum.memberships.filter(active=True)
        .select_related("user")
        .order_by("role", "user__last_name"),
        "can_manage": permissions.can_manage_forum(request.user, forum),
        "can_read_audit": permissions.can_read_audit(request.user, forum),
        "can_read_survey": permissions.can_read_survey(request.user, forum),
    }
    return render(request, "forums/forum_detail.html", context)


@login_required
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    forum = permissions.get_forum_for_user(request.user, slug, manage=True)
    form = MeetingForm(request.POST or None, forum=forum)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = services.schedule_meeting(
                forum=forum,
                by=request.user,
                starts_at=data["starts_at"],
                location=data["location"],
                is_public=data["is_public"],
                repeat_monthly=data["repeat_monthly"],
                **form.place(),
            )
        except ForumError as error:
            error.add_to(form)
        else:
            if len(created) == 1:
                messages.success(request, _("Meeting scheduled."))
            else:
                messages.success(
                    request, _("%(count)d monthly meetings scheduled.") % {"count": len(created)}
                )
            return redirect(created[0])
    return render(request, "forums/meeting_form.html", {"form": form, "forum": forum, "meeting": None})


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, manage=True)
    form = MeetingEditForm(request.POST or None, instance=copy.copy(meeting), forum=meeting.forum)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields if name in form.fields}
        try:
            services.update_meeting(meeting=meeting, by=request.user, **changes)
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Meeting saved."))
            return redirect(meeting)
    return render(
        request, "forums/meeting_form.html", {"form": form, "forum": meeting.forum, "meeting": meeting}
    )


@login_required
@require_POST
def meeting_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    """One click after the start time: the meeting was held, or it was cancelled."""
    meeting = permissions.get_meeting_for_user(request.user, pk, manage=True)
    status = request.POST.get("status", "")
    try:
        services.record_meeting_outcome(meeting=meeting, by=request.user, status=status)
    except ForumError as error:
        messages.error(request, error.message)
    else:
        if status == Meeting.HELD:
            messages.success(request, _("Meeting marked held. Record the attendance next."))
        else:
            messages.success(request, _("Meeting marked cancelled."))
    if request.htmx:
        return render_section(
            request, SECTIONS["meeting-status"][0], status_context(request, meeting, can_manage=True)
        )
    return redirect(meeting)


def restricted_category_ids() -> list[int]:
    return list(ConcernCategory.objects.filter(restricted_by_default=True).values_list("pk", flat=True))


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The live recording page: agenda, attendance, concerns and actions of one meeting.

    To htmx asking for one of its sections (a cancelled edit), it answers only that section.
    """
    user = request.user
    meeting = permissions.get_meeting_for_user(user, pk, queryset=meeting_page_queryset())
    forum = meeting.forum
    can_manage = permissions.can_manage_forum(user, forum)
    if request.htmx:
        section = one_section(request, meeting, can_manage=can_manage)
        if section is not None:
            return section
    # Shown in the agenda and offered by the concern form.
    prefetch_related_objects([meeting], "agenda_items")
    context = {
        "meeting": meeting,
        "forum": forum,
        "can_manage": can_manage,
        "can_see_restricted": permissions.can_see_restricted(user, forum),
        "today": timezone.localdate(),
        "can_start_minutes": permissions.can_write_minutes(user, forum)
        and meeting.status != Meeting.CANCELLED
        and not meeting.has_minutes,
        **status_context(request, meeting, can_manage=can_manage),
        **agenda_context(request, meeting, can_manage=can_manage),
        **attendance_context(request, meeting, can_manage=can_manage),
        **concerns_context(request, meeting, can_manage=can_manage),
        # The actions, the follow-up of earlier ones and the action form: the actions app adds them.
        **extensions.page_context(extensions.MEETING_PAGE, request, meeting=meeting),
    }
    return render(request, "forums/meeting_detail.html", context)


def meeting_page_queryset() -> QuerySet[Meeting]:
    """The meeting with what its page asks besides, in one query: whether its minutes are started,
    and its forum's meetings around it (for the follow-up of earlier actions and the due date of new
    ones)."""
    return Meeting.objects.with_neighbours().annotate(
        has_minutes=Exists(Minutes.objects.filter(meeting=OuterRef("pk")))
    )


def one_section(request: HttpRequest, meeting: Meeting, *, can_manage: bool) -> HttpResponse | None:
    """The section htmx targets: one of this app's, or one the actions app adds (forums.extensions)."""
    target = request.htmx.target
    if target in SECTIONS:
        template, build = SECTIONS[target]
        return render_section(request, template, build(request, meeting, can_manage=can_manage))
    added = extensions.meeting_section(target)
    if added is not None:
        return render_section(request, added.template, added.context(request, meeting))
    return None


# Each section of the meeting page is built on its own, so a save in place answers only its section.


def section_base(meeting: Meeting, *, can_manage: bool) -> dict:
    return {"meeting": meeting, "forum": meeting.forum, "can_manage": can_manage}


def status_context(request: HttpRequest, meeting: Meeting, *, can_manage: bool) -> dict:
    return {
        **section_base(meeting, can_manage=can_manage),
        "ask_for_outcome": can_manage and meeting.awaits_outcome,
    }


def agenda_context(
    request: HttpRequest,
    meeting: Meeting,
    *,
    can_manage: bool,
    form: AgendaItemForm | None = None,
    editing: AgendaItem | None = None,
    edit_form: AgendaItemForm | None = None,
) -> dict:
    """The agenda, the item being edited in place (if any) and the form to add one."""
    context = {
        **section_base(meeting, can_manage=can_manage),
        # In their order (AgendaItem.Meta), read once for the page (meeting_detail).
        "agenda": list(meeting.agenda_items.all()),
        "editing": editing,
        "edit_form": edit_form,
        **agenda_publication_context(meeting, can_manage=can_manage),
    }
    if can_manage:
        # Several forms on one page: distinct id prefixes keep every label tied to its own field.
        context["agenda_form"] = form or AgendaItemForm(auto_id="agenda-%s")
    return context


def attendance_context(
    request: HttpRequest, meeting: Meeting, *, can_manage: bool, form: AttendanceForm | None = None
) -> dict:
    # A separate instance, so a rejected form does not change the meeting shown around it; who was
    # present is read once, for the list and for the boxes ticked in the form.
    instance = copy.copy(meeting)
    members = Membership.objects.select_related("user").order_by("institution")
    prefetch_related_objects([instance], Prefetch("members_present", queryset=members))
    present = list(instance.members_present.all())
    context = {
        **section_base(meeting, can_manage=can_manage),
        "present": present,
        "quorum_met": meeting.quorum_met(len(present)),
    }
    if can_manage:
        context["attendance_form"] = form or AttendanceForm(instance=instance, auto_id="attendance-%s")
    return context


def meeting_concern_form(meeting: Meeting, data=None, initial: dict | None = None) -> ConcernForm:
    """The concern form of the meeting page; its agenda list refreshes itself when the agenda changes
    (sending the item chosen, which `initial` keeps chosen)."""
    form = ConcernForm(data, initial=initial, meeting=meeting, auto_id="concern-%s")
    refresh_on(form["agenda_item"], "agenda-changed", reverse("forums:concern_create", args=[meeting.pk]))
    return form


def concerns_context(
    request: HttpRequest,
    meeting: Meeting,
    *,
    can_manage: bool,
    form: ConcernForm | None = None,
    editing: Concern | None = None,
    edit_form: ConcernEditForm | None = None,
) -> dict:
    """The concerns this user may see (the restricted ones shown go to the access log), the one being
    edited in place (if any) and the form to log one."""
    user = request.user
    concerns = list(
        permissions.visible_concerns(user)
        .filter(meeting=meeting)
        .select_related("category", "agenda_item")
        .order_by("pk")
    )
    retention.record_restricted_views(
        by=user, surface=RestrictedAccess.MEETING_PAGE, forum=meeting.forum, concerns=concerns
    )
    context = {
        **section_base(meeting, can_manage=can_manage),
        "concerns": concerns,
        "editing": editing,
        "edit_form": edit_form,
        # What the edit form cannot do itself (the chair confirms), it links to.
        "may_propose_public": editing is not None and may_propose_public(user, editing),
    }
    if can_manage:
        form = form or meeting_concern_form(meeting)
        # The categories and agenda items it offers are read once: the categories also say which
        # are restricted by default, the agenda is the one its section shows (when the page read it).
        categories = offer_choices(form.fields["category"])
        offer_choices(form.fields["agenda_item"], meeting.agenda_items.all())
        context["concern_form"] = form
        context["restricted_category_ids"] = [c.pk for c in categories if c.restricted_by_default]
    return context


# The sections htmx may ask the meeting page for, by the id of their element.
SECTIONS = {
    "meeting-status": ("forums/includes/meeting_status.html", status_context),
    "agenda": ("forums/includes/meeting_agenda.html", agenda_context),
    "attendance": ("forums/includes/meeting_attendance_section.html", attendance_context),
    "concerns": ("forums/includes/meeting_concerns.html", concerns_context),
}


def agenda_publication_context(meeting: Meeting, *, can_manage: bool) -> dict:
    """Where the agenda stands for citizens: published, due by a day, or held back by restricted text.

    Only the secretary, who can take the words out, learns which restricted record holds it back.
    """
    withheld_for: list[privacy.RestrictedRecord] = []
    if can_manage and meeting.agenda_is_published:
        titles = meeting.agenda_items.values_list("title", flat=True)
        withheld_for = privacy.restricted_text_in_agenda(meeting, *titles)
    return {
        "agenda_due_on": meeting.agenda_due_on,
        "agenda_late": not meeting.agenda_is_published and timezone.localdate() > meeting.agenda_due_on,
        # Past its start, "publish it so citizens can prepare" no longer holds; publishing still
        # shows what was discussed before the minutes are out.
        "agenda_after_start": meeting.starts_at <= timezone.now(),
        "agenda_withheld_for": ", ".join(record.label for record in withheld_for),
        "can_publish_agenda": not meeting.agenda_is_published
        and meeting.is_public
        and meeting.status != Meeting.CANCELLED,
    }


@login_required
@require_POST
def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, manage=True)
    try:
        services.publish_agenda(meeting=meeting, by=request.user)
    except ForumError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The agenda is published on the meeting's public page."))
    return redirect(meeting.get_absolute_url() + "#agenda")


@login_required
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, manage=True)
    form = AgendaItemForm(request.POST or None, auto_id="agenda-%s" if request.htmx else "id_%s")
    if request.method == "POST" and form.is_valid():
        try:
            services.add_agenda_item(meeting=meeting, by=request.user, **form.cleaned_data)
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Agenda item added."))
            if request.htmx:
                # A fresh form, the cursor in its title: the next item is typed straight away.
                return agenda_section(
                    request, meeting, form=focus_first_field(AgendaItemForm(auto_id="agenda-%s"))
                )
            return redirect(meeting.get_absolute_url() + "#agenda")
    if request.htmx:
        return agenda_section(request, meeting, form=focus_first_field(form), status=INVALID)
    return render(request, "forums/agendaitem_form.html", {"form": form, "meeting": meeting, "item": None})


def agenda_section(request: HttpRequest, meeting: Meeting, *, status: int = 200, **forms) -> HttpResponse:
    """The agenda section for htmx; when the agenda changed, the concern form refreshes its item list
    (not when an item's form was only opened)."""
    changed = request.method == "POST" and status == 200
    return render_section(
        request,
        SECTIONS["agenda"][0],
        agenda_context(request, meeting, can_manage=True, **forms),
        status=status,
        event="agenda-changed" if changed else "",
    )


def get_agenda_item(meeting: Meeting, item_pk: int) -> AgendaItem:
    # An item of another meeting is a 404 here, even if its meeting is visible.
    return get_object_or_404(AgendaItem, pk=item_pk, meeting=meeting)


@login_required
def agenda_item_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, manage=True)
    item = get_agenda_item(meeting, item_pk)
    auto_id = edit_auto_id(request, "agenda", item.pk)
    form = AgendaItemForm(request.POST or None, instance=copy.copy(item), auto_id=auto_id)
    if request.method == "POST" and form.is_valid():
        item.meeting = meeting
        try:
            services.update_agenda_item(item=item, by=request.user, **form.cleaned_data)
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Agenda item saved."))
            if request.htmx:
                return agenda_section(request, meeting)
            return redirect(meeting.get_absolute_url() + "#agenda")
    if request.htmx:
        return answer_edit_form(request, partial(agenda_section, request, meeting), record=item, form=form)
    return render(request, "forums/agendaitem_form.html", {"form": form, "meeting": meeting, "item": item})


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, manage=True)
    item = get_agenda_item(meeting, item_pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        messages.error(request, _("Choose to move the item up or down."))
    else:
        item.meeting = meeting
        try:
            services.move_agenda_item(item=item, by=request.user, offset=offset)
        except ForumError as error:
            messages.error(request, error.message)
        else:
            if request.htmx:
                # Said, since the list changed around the button that keeps the focus.
                messages.success(request, _("Agenda reordered."))
    if request.htmx:
        return agenda_section(request, meeting)
    return redirect(meeting.get_absolute_url() + "#agenda")


@login_required
def agenda_item_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Remove an item: asked on a page of its own without JavaScript; with htmx the meeting page asks
    (hx-confirm, the browser's own dialog) and gets its agenda back."""
    meeting = permissions.get_meeting_for_user(request.user, pk, manage=True)
    item = get_agenda_item(meeting, item_pk)
    if request.method == "POST":
        item.meeting = meeting
        services.remove_agenda_item(item=item, by=request.user)
        messages.success(request, _("Agenda item removed."))
        if request.htmx:
            return agenda_section(request, meeting)
        return redirect(meeting.get_absolute_url() + "#agenda")
    return render(request, "forums/agendaitem_confirm_delete.html", {"meeting": meeting, "item": item})


@login_required
def agenda_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, manage=True)
    agenda = list(meeting.agenda_items.order_by("position", "pk"))
    initial = {"order": ", ".join(str(position) for position in range(1, len(agenda) + 1))}
    form = AgendaReorderForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.reorder_agenda(meeting=meeting, by=request.user, item_ids=form.cleaned_data["order"])
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Agenda reordered."))
            return redirect(meeting.get_absolute_url() + "#agenda")
    return render(request, "forums/agenda_reorder.html", {"form": form, "meeting": meeting, "agenda": agenda})


@login_required
def meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, manage=True)
    # A separate instance, so a rejected form does not change the meeting shown around it.
    form = AttendanceForm(
        request.POST or None,
        instance=copy.copy(meeting),
        auto_id="attendance-%s" if request.htmx else "id_%s",
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(meeting=meeting, by=request.user, **form.cleaned_data)
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Attendance recorded."))
            if request.htmx:
                return render_section(
                    request, SECTIONS["attendance"][0], attendance_context(request, meeting, can_manage=True)
                )
            return redirect(meeting.get_absolute_url() + "#attendance")
    if request.htmx and request.method == "POST":
        context = attendance_context(request, meeting, can_manage=True, form=focus_first_field(form))
        return render_section(request, SECTIONS["attendance"][0], context, status=INVALID)
    return render(request, "forums/meeting_attendance.html", {"form": form, "meeting": meeting})


@login_required
def concern_create(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = permissions.get_meeting_for_user(request.user, pk, manage=True)
    chosen = {"agenda_item": request.GET.get("agenda_item")}
    form = meeting_concern_form(meeting, request.POST or None, initial=chosen) if request.htmx else None
    form = form or ConcernForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["visibility"] = data["visibility"] or None  # None: the category decides
        try:
            concern = services.log_concern(meeting=meeting, by=request.user, **data)
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(
                request,
                _("Concern #%(number)d logged (%(visibility)s).")
                % {"number": concern.pk, "visibility": concern.get_visibility_display().lower()},
            )
            if request.htmx:
                return concerns_section(
                    request, meeting, form=focus_first_field(meeting_concern_form(meeting))
                )
            return redirect(meeting.get_absolute_url() + "#concerns")
    if request.htmx and request.method == "POST":
        return concerns_section(request, meeting, form=focus_first_field(form), status=INVALID)
    if request.htmx:
        # The form alone: the meeting page picks its new list of agenda items out of it (hx-select).
        context = {"meeting": meeting, "concern_form": form}
        return render_section(request, "forums/includes/concern_quick_form.html", context)
    context = {"form": form, "meeting": meeting, "restricted_category_ids": restricted_category_ids()}
    return render(request, "forums/concern_form.html", context)


def concerns_section(request: HttpRequest, meeting: Meeting, *, status: int = 200, **forms) -> HttpResponse:
    """The concerns section for htmx; a concern logged or edited makes the action form refresh its
    list of concerns (their numbers, categories and summaries)."""
    context = concerns_context(request, meeting, can_manage=True, **forms)
    saved = request.method == "POST" and status == 200
    return render_section(
        request, SECTIONS["concerns"][0], context, status=status, event="concerns-changed" if saved else ""
    )


def escalation_link(user, concern: Concern | None) -> dict | None:
    """The other end of an escalation: linked only when this user may open it."""
    if concern is None:
        return None
    return {
        "concern": concern,
        "forum": concern.meeting.forum,
        "linked": permissions.can_view_concern(user, concern),
    }


def concern_context(request: HttpRequest, concern: Concern, **extra) -> dict:
    user = request.user
    forum = concern.meeting.forum
    can_manage = permissions.can_manage_forum(user, forum)
    can_close = permissions.can_close_concern(user, concern)
    try:
        escalated_from = concern.escalated_from
    except Concern.DoesNotExist:
        escalated_from = None
    context = {
        "concern": concern,
        "meeting": concern.meeting,
        "can_manage": can_manage,
        "can_close": can_close,
        "can_escalate": can_manage
        and forum.kind == Forum.LPSC
        and not concern.escalated_to_id
        and concern.status != Concern.CLOSED,
        "can_see_restricted": permissions.can_see_restricted(user, forum),
        "escalated_to": escalation_link(user, concern.escalated_to),
        "escalated_from": escalation_link(user, escalated_from),
        "today": timezone.localdate(),
    }
    if can_close and concern.status != Concern.CLOSED:
        context["close_form"] = ConcernCloseForm(auto_id="close-%s")
    if context["can_see_restricted"]:
        context.update(publication_context(user, concern))
    context.update(extra)
    return context


def publication_context(user, concern: Concern) -> dict:
    """Where the concern stands on the way to being public: only for those who read restricted concerns."""
    pending = visibility.pending_proposal(concern)
    forum = concern.meeting.forum
    return {
        "two_people_rule": privacy.needs_two_people_to_publish(concern),
        "pending_proposal": pending,
        "decided_proposals": list(
            concern.visibility_proposals.exclude(status=VisibilityProposal.PENDING).select_related(
                "proposed_by", "decided_by"
            )
        ),
        "can_propose_public": pending is None and may_propose_public(user, concern),
        "can_confirm_public": permissions.can_confirm_public(user, forum),
    }


def may_propose_public(user, concern: Concern) -> bool:
    return (
        permissions.can_propose_public(user, concern.meeting.forum)
        and concern.is_restricted
        and privacy.needs_two_people_to_publish(concern)
    )


def get_concern_with_links(user, pk: int) -> Concern:
    concern = permissions.get_concern_for_user(user, pk)
    # The escalation's two ends, with what their labels need, in the same query.
    return (
        Concern.objects.select_related(
            "meeting__forum__municipality",
            "category",
            "agenda_item",
            "escalated_to__meeting__forum",
            "escalated_from__meeting__forum",
        )
        .filter(pk=concern.pk)
        .get()
    )


def render_concern(request: HttpRequest, concern: Concern, **extra) -> HttpResponse:
    """The concern page; the restricted concern and actions whose text it shows go to the access log."""
    context = concern_context(request, concern, **extra)
    # The actions answering it come from the actions app, which logs those it shows.
    context.update(extensions.page_context(extensions.CONCERN_PAGE, request, concern=concern))
    retention.record_restricted_views(
        by=request.user,
        surface=RestrictedAccess.CONCERN_PAGE,
        forum=concern.meeting.forum,
        concerns=[concern],
    )
    return render(request, "forums/concern_detail.html", context)


@login_required
def concern_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_concern(request, get_concern_with_links(request.user, pk))


@login_required
@require_POST
def concern_close(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    concern = get_concern_with_links(user, pk)
    if not permissions.can_close_concern(user, concern):
        raise PermissionDenied
    form = ConcernCloseForm(request.POST, instance=copy.copy(concern), auto_id="close-%s")
    if form.is_valid():
        try:
            services.close_concern(
                concern=concern,
                by=user,
                reason=form.cleaned_data["closing_reason"],
                referred_to=form.cleaned_data["referred_to"],
            )
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Concern closed."))
            return redirect(concern)
    return render_concern(request, concern, close_form=form)


@login_required
@require_POST
def concern_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    concern = permissions.get_concern_for_user(request.user, pk)
    if not permissions.can_close_concern(request.user, concern):
        raise PermissionDenied
    try:
        services.reopen_concern(concern=concern, by=request.user)
    except ForumError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Concern reopened."))
    return redirect(concern)


@login_required
@require_POST
def concern_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    concern = permissions.get_concern_for_user(request.user, pk, manage=True)
    try:
        escalated = escalation.escalate_concern(concern=concern, by=request.user)
    except ForumError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Concern escalated to %(council)s as concern #%(number)d.")
            % {"council": escalated.meeting.forum.name, "number": escalated.pk},
        )
    return redirect(concern)


@login_required
def concern_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a concern: a page of its own, or (htmx) its row of the meeting page opened as the form.

    Either way the form shows its restricted details, so opening it goes to the access log.
    """
    concern = permissions.get_concern_for_user(request.user, pk, manage=True)
    meeting = concern.meeting
    if request.method == "GET":
        retention.record_restricted_view(
            concern=concern, by=request.user, surface=RestrictedAccess.CONCERN_EDIT
        )
    form = ConcernEditForm(
        request.POST or None,
        instance=copy.copy(concern),
        meeting=meeting,
        auto_id=edit_auto_id(request, "concern", concern.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_concern(concern=concern, by=request.user, **form.cleaned_data)
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(request, _("Concern saved."))
            if request.htmx:
                return concerns_section(request, meeting)
            return redirect(concern)
    if request.htmx:
        return answer_edit_form(
            request, partial(concerns_section, request, meeting), record=concern, form=form
        )
    context = {
        "form": form,
        "meeting": meeting,
        "concern": concern,
        "restricted_category_ids": restricted_category_ids(),
        "may_propose_public": may_propose_public(request.user, concern),
    }
    return render(request, "forums/concern_form.html", context)


# --- Two people to publish a sensitive concern: the secretary proposes, the chair decides ---------


@login_required
def concern_propose_public(request: HttpRequest, pk: int) -> HttpResponse:
    concern = permissions.get_concern_for_user(request.user, pk, manage=True)
    form = ProposePublicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            visibility.propose_public(concern=concern, by=request.user, reason=form.cleaned_data["reason"])
        except ForumError as error:
            error.add_to(form)
        else:
            messages.success(
                request, _("Proposal sent: the concern becomes public only when the chair confirms.")
            )
            return redirect(concern)
    context = {
        "form": form,
        "concern": concern,
        "meeting": concern.meeting,
        "pending_proposal": visibility.pending_proposal(concern),
        "may_propose": may_propose_public(request.user, concern),
    }
    return render(request, "forums/visibilityproposal_form.html", context)


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """What the chair decides on: the reason, and exactly what citizens would read."""
    proposal = permissions.get_proposal_for_user(request.user, pk)
    concern = proposal.concern
    context = {
        "proposal": proposal,
        "concern": concern,
        "meeting": concern.meeting,
        "can_decide": proposal.status == VisibilityProposal.PENDING
        and permissions.can_confirm_public(request.user, concern.meeting.forum),
        "own_proposal": proposal.proposed_by_id == request.user.pk,
    }
    return render(request, "forums/visibilityproposal_detail.html", context)


@login_required
@require_POST
def proposal_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for_user(request.user, pk, decide=True)
    # The second person's yes puts a sensitive concern before every citizen: their password proves
    # they are at the keyboard for this step, however recent the login.
    reauth.require_reauthentication(request)
    try:
        visibility.confirm_public(proposal=proposal, by=request.user)
    except ForumError as error:
        messages.error(request, error.message)
        return redirect("forums:proposal_detail", pk=proposal.pk)
    messages.success(request, _("Concern #%(number)d is now public.") % {"number": proposal.concern_id})
    return redirect(proposal.concern)


@login_required
@require_POST
def proposal_decline(request: HttpRequest, pk: int) -> HttpResponse:
    # Declining keeps the concern restricted, so it needs no re-authentication.
    proposal = permissions.get_proposal_for_user(request.user, pk, decide=True)
    try:
        visibility.decline_public(proposal=proposal, by=request.user)
    except ForumError as error:
        messages.error(request, error.message)
        return redirect("forums:proposal_detail", pk=proposal.pk)
    messages.success(request, _("Proposal declined: the concern stays restricted."))
    return redirect(proposal.concern)
