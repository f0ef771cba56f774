"""Staff forms for assigning actions and recording their progress."""

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from actions.models import ActionUpdate
from actions.models import ResponsibleBody
from actions.services import check_assignment
from forum_site.lib.forms import ShowsLengthLimits
from forum_site.lib.forms import offer_choices
from forums.errors import ForumError
from forums.models import Concern
from forums.models import Meeting
from forums.models import Membership
from forums.models import display_name
from forums.permissions import can_see_restricted


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AssigneeChoiceField(forms.ModelChoiceField):
    """Forum members named with their institution and roles, so the right person is easy to pick."""

    def label_from_instance(self, obj) -> str:
        memberships = getattr(obj, "forum_memberships", [])
        institutions = list(dict.fromkeys(str(m.get_institution_display()) for m in memberships))
        roles = [str(m.get_role_display()) for m in memberships]
        if not memberships:
            return display_name(obj)
        return f"{display_name(obj)} — {', '.join(institutions)}: {', '.join(roles)}"


MEMBER_ORDER = ("last_name", "first_name", "email")


def forum_members(meeting: Meeting) -> QuerySet:
    """The forum's active members, each with their memberships there (for the label)."""
    here = Membership.objects.filter(forum_id=meeting.forum_id, active=True).order_by("role")
    return (
        get_user_model()
        .objects.filter(memberships__forum_id=meeting.forum_id, memberships__active=True)
        .distinct()
        .prefetch_related(Prefetch("memberships", queryset=here, to_attr="forum_memberships"))
        .order_by(*MEMBER_ORDER)
    )


def forum_member_rows(meeting: Meeting) -> list:
    """What forum_members holds, read in one query (of the memberships, with their users) to list."""
    memberships = (
        Membership.objects.filter(forum_id=meeting.forum_id, active=True)
        .select_related("user")
        .order_by(*(f"user__{name}" for name in MEMBER_ORDER), "role")
    )
    members = {}
    for membership in memberships:
        if membership.user_id not in members:
            members[membership.user_id] = membership.user
            membership.user.forum_memberships = []
        members[membership.user_id].forum_memberships.append(membership)
    return list(members.values())


class ConcernChoiceField(forms.ModelChoiceField):
    """A meeting's concerns by number and category, with the summary for those who may read it."""

    SUMMARY_CHARACTERS = 90

    def __init__(self, *args, reads_restricted: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.reads_restricted = reads_restricted

    def label_from_instance(self, obj: Concern) -> str:
        label = f"#{obj.pk} {obj.category.name}"
        if obj.is_restricted and not self.reads_restricted:
            return f"{label} ({_('restricted')})"
        return f"{label} — {Truncator(obj.summary).chars(self.SUMMARY_CHARACTERS)}"


def one_year_after(day: datetime.date) -> datetime.date:
    """The same day a year later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


# Forums meet about monthly: without a next meeting scheduled, an action is due four weeks on.
DEFAULT_DUE_AFTER = datetime.timedelta(weeks=4)


def default_due_date(meeting: Meeting) -> datetime.date:
    """When an action decided at a meeting is due unless said otherwise: at the forum's next meeting,
    where it is followed up, else four weeks after the meeting (or after today, for an old one)."""
    next_meeting = meeting.next_planned_start
    if next_meeting is not None:
        return timezone.localtime(next_meeting).date()
    return max(timezone.localtime(meeting.starts_at).date(), timezone.localdate()) + DEFAULT_DUE_AFTER


class AssignmentFormMixin:
    """Limits the choices to the meeting's municipality and forum and checks the assignment rules."""

    meeting: Meeting

    def setup_assignment_fields(self, meeting: Meeting, *, police_only: bool = False) -> None:
        self.meeting = meeting
        bodies = ResponsibleBody.objects.filter(municipality_id=meeting.forum.municipality_id)
        if police_only:
            bodies = bodies.filter(kind=ResponsibleBody.POLICE)
        self.fields["responsible_body"].queryset = bodies
        self.fields["responsible_body"].error_messages["invalid_choice"] = (
            _("Police liaison officers can reassign only among police units.")
            if police_only
            else _("Choose a body of this forum's municipality.")
        )
        self.fields["assignee"] = AssigneeChoiceField(
            label=_("Assignee"),
            queryset=forum_members(meeting),
            required=False,
            help_text=_(
                "Optional: the member of this forum who follows the action up. A restricted action "
                "goes only to the chair, the secretary or the police liaison officer."
            ),
            error_messages={"invalid_choice": _("The assignee must be a member of this forum.")},
        )
        if not self.is_bound:
            # A form to fill lists the members from one query; a filled one checks its answer as usual.
            offer_choices(self.fields["assignee"], forum_member_rows(meeting))
        self.fields["due_date"].widget = DateInput()
        # Asked only when the due date is more than a year ahead (see check_due_date_horizon).
        self.fields["confirm_due_date"] = forms.BooleanField(
            label=_("Yes, the due date is more than a year ahead"),
            required=False,
            widget=forms.HiddenInput,
        )
        names = [name for name in self.fields if name != "confirm_due_date"]
        names.insert(names.index("due_date") + 1, "confirm_due_date")
        self.order_fields(names)

    def setup_restricted_mark(self, meeting: Meeting) -> None:
        """The secretary's "restricted" box, naming the bodies whose actions are restricted anyway.

        Those are found among the municipality's bodies the form offers, read once for both.
        """
        bodies = offer_choices(self.fields["responsible_body"])
        sensitive = [body for body in bodies if body.handles_sensitive_cases]
        help_text = _(
            "Only the chair, the secretary and the police liaison officer read a restricted action; "
            "it never reaches public pages, e-mails or default exports. An action answering a "
            "restricted concern is restricted anyway."
        )
        names = ", ".join(body.name for body in sensitive)
        if names:
            help_text = format_lazy(
                "{} {}", help_text, _("So is every action given to: %(bodies)s.") % {"bodies": names}
            )
        self.fields["marked_restricted"].label = _("Restricted action")
        self.fields["marked_restricted"].help_text = help_text

    def check_due_date_horizon(self, cleaned: dict) -> None:
        """A due date over a year ahead is usually a typo (2099): ask once, keeping everything typed."""
        # Not for the service: only this form asks it.
        due_date, confirmed = cleaned.get("due_date"), cleaned.pop("confirm_due_date", False)
        unchanged = due_date == getattr(self.instance, "due_date", None)
        if due_date is None or unchanged or confirmed or due_date <= one_year_after(timezone.localdate()):
            return
        self.fields["confirm_due_date"].widget = forms.CheckboxInput()
        self.add_error(
            "due_date",
            forms.ValidationError(
                _("%(date)s is more than a year from today. Correct it, or tick the box below to keep it."),
                code="far_ahead",
                params={"date": date_format(due_date)},
            ),
        )

    def check_assignment_rules(self, cleaned: dict, *, concern=None, marked_restricted: bool = False) -> None:
        body, due_date = cleaned.get("responsible_body"), cleaned.get("due_date")
        if body is None or due_date is None or "assignee" in self.errors:
            return
        try:
            check_assignment(
                meeting=self.meeting,
                responsible_body=body,
                assignee=cleaned.get("assignee"),
                due_date=due_date,
                concern=concern,
                marked_restricted=cleaned.get("marked_restricted", marked_restricted),
            )
        except ForumError as error:
            error.add_to(self)


class ActionForm(ShowsLengthLimits, AssignmentFormMixin, forms.ModelForm):
    """A follow-up action decided at a meeting."""

    class Meta:
        model = Action
        fields = [
            "title",
            "concern",
            "description",
            "responsible_body",
            "assignee",
            "due_date",
            "priority",
            "marked_restricted",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: Meeting, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # One field fewer to fill while the meeting goes on; the secretary changes it at will.
            self.initial.setdefault("due_date", default_due_date(meeting))
        self.setup_assignment_fields(meeting)
        self.setup_restricted_mark(meeting)
        # Restricted summaries only for the two-factor roles of the forum (and their views are logged).
        self.fields["concern"] = ConcernChoiceField(
            label=_("Concern"),
            queryset=meeting.concerns.select_related("category").order_by("pk"),
            required=False,
            help_text=_("Optional: the concern this action answers."),
            error_messages={"invalid_choice": _("Choose a concern of this meeting.")},
            reads_restricted=user is not None and can_see_restricted(user, meeting.forum),
        )

    def restricted_concerns_shown(self) -> list[Concern]:
        """The restricted concerns whose summary the concern list shows (for the access log)."""
        field = self.fields["concern"]
        return (
            [concern for concern in field.queryset if concern.is_restricted] if field.reads_restricted else []
        )

    def clean(self):
        cleaned = super().clean()
        self.check_assignment_rules(cleaned, concern=cleaned.get("concern"))
        self.check_due_date_horizon(cleaned)
        return cleaned


class ReassignForm(ShowsLengthLimits, AssignmentFormMixin, forms.ModelForm):
    """An action's edit: correct its title, description or priority, hand it to another body or person,
    move its due date, or (secretary) mark it restricted. Its concern stays: moving an action from a
    restricted concern to a public one would publish its text."""

    class Meta(ActionForm.Meta):
        fields = [name for name in ActionForm.Meta.fields if name != "concern"]

    def __init__(self, *args, police_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.instance.meeting
        self.setup_assignment_fields(meeting, police_only=police_only)
        if police_only:
            # Marking an action restricted is the secretary's decision.
            del self.fields["marked_restricted"]
        else:
            self.setup_restricted_mark(meeting)

    def clean(self):
        cleaned = super().clean()
        # A police liaison's form has no box: the action keeps its mark.
        self.check_assignment_rules(
            cleaned, concern=self.instance.concern, marked_restricted=self.instance.marked_restricted
        )
        self.check_due_date_horizon(cleaned)
        return cleaned


class ActionUpdateForm(forms.ModelForm):
    """A progress note, optionally changing the action's status."""

    new_status = forms.ChoiceField(
        label=_("New status"),
        required=False,
        choices=[("", _("Unchanged"))] + Action.STATUS_CHOICES,
    )

    class Meta:
        model = ActionUpdate
        fields = ["note", "new_status", "is_public"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, action: Action, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        self.fields["new_status"].label = _("Change status to")
        self.fields["new_status"].help_text = _(
            "Leave “Unchanged” to post a note only. Reopening a done or cancelled action needs a reason in the note."
        )
        if action.is_restricted:
            # Privacy rule 3: a restricted action's updates never reach a public page, so the form
            # offers no choice (post_update refuses one anyway) and says so once, by the note.
            del self.fields["is_public"]
            self.fields["note"].help_text = _(
                "This action is restricted, so its updates are never public: citizens never see them."
            )
        else:
            self.fields["is_public"].label = _("Public update")
            self.fields["is_public"].help_text = _(
                "Tick to show this note to citizens on the accountability page; otherwise only staff see it."
            )
