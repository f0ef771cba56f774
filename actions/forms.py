"""Staff forms for assigning actions and recording their progress."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from actions.models import Action, ActionUpdate, ResponsibleBody
from actions.services import check_assignment
from forums.errors import ForumError
from forums.models import Meeting, display_name


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AssigneeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return display_name(obj)


def forum_members(meeting: Meeting) -> QuerySet:
    return (
        get_user_model()
        .objects.filter(memberships__forum_id=meeting.forum_id, memberships__active=True)
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


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
        self.fields["due_date"].widget = DateInput()

    def setup_restricted_mark(self, meeting: Meeting) -> None:
        """The secretary's "restricted" box, naming the bodies whose actions are restricted anyway."""
        sensitive = ResponsibleBody.objects.filter(
            municipality_id=meeting.forum.municipality_id, handles_sensitive_cases=True
        )
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


class ActionForm(AssignmentFormMixin, forms.ModelForm):
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

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_assignment_fields(meeting)
        self.setup_restricted_mark(meeting)
        self.fields["concern"].queryset = meeting.concerns.select_related("category").order_by("pk")
        self.fields["concern"].error_messages["invalid_choice"] = _("Choose a concern of this meeting.")
        self.fields["concern"].help_text = _("Optional: the concern this action answers.")

    def clean(self):
        cleaned = super().clean()
        self.check_assignment_rules(cleaned, concern=cleaned.get("concern"))
        return cleaned


class ReassignForm(AssignmentFormMixin, forms.ModelForm):
    """Hand an action to another body or person, move its due date, or (secretary) mark it restricted."""

    class Meta:
        model = Action
        fields = ["responsible_body", "assignee", "due_date", "marked_restricted"]

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
        self.fields["is_public"].label = _("Public update")
        if action.is_restricted:
            self.fields["is_public"].help_text = _("This action is restricted, so its updates stay internal.")
        else:
            self.fields["is_public"].help_text = _(
                "Tick to show this note to citizens on the accountability page; otherwise only staff see it."
            )

    def clean_is_public(self) -> bool:
        is_public = self.cleaned_data["is_public"]
        # The service enforces the same rule; here it shows next to the checkbox before posting.
        if is_public and self.action.is_restricted:
            raise forms.ValidationError(
                _("This action is restricted, so its updates stay internal."), code="restricted"
            )
        return is_public
