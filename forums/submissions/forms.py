"""The secretary's four answers to a submission. Forms validate; the views call the services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Submission
from forums.submissions import permissions
from forums.submissions import services

PUBLIC_ANSWER_HELP = _(
    "Optional. The citizen reads it on their tracking page, so write it for them, in your own words. "
    "It goes by e-mail only for a submission that is not restricted."
)


def _public_answer() -> forms.CharField:
    return forms.CharField(
        label=_("Answer to the citizen"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=PUBLIC_ANSWER_HELP,
    )


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        when = timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M")
        return f"{meeting.forum.name}: {_('meeting')} {meeting.number}, {when}"


class AcceptForm(forms.Form):
    """Put it on a coming meeting's agenda as a concern."""

    meeting = MeetingChoiceField(label=_("Coming meeting"), queryset=None)
    summary = forms.CharField(
        label=_("Public summary"),
        max_length=300,
        help_text=_("In your own words, never the citizen's: citizens read it when the concern is public."),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=ConcernCategory.objects.all())
    neighbourhood = forms.CharField(label=_("Neighbourhood or village"), max_length=120, required=False)
    details = forms.CharField(
        label=_("Restricted details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never shown on public pages or in public minutes."),
    )
    restricted = forms.BooleanField(
        label=_("Restricted concern"),
        required=False,
        help_text=_("Concerns of a category restricted by default, and restricted submissions, are always."),
    )
    public_answer = _public_answer()

    def __init__(self, *args, submission: Submission, user, **kwargs):
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("category", submission.category_id)
        initial.setdefault("neighbourhood", submission.neighbourhood)
        initial.setdefault("meeting", submission.meeting_id)
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = services.coming_meetings(
            permissions.decider_forums(user, submission)
        )
        self.fields["meeting"].empty_label = None


class MergeForm(forms.Form):
    """Join it to a concern already being followed."""

    concern = forms.ModelChoiceField(label=_("Concern"), queryset=None)
    public_answer = _public_answer()

    def __init__(self, *args, submission: Submission, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concern"].queryset = (
            Concern.objects.filter(meeting__forum__in=permissions.decider_forums(user, submission))
            .exclude(status=Concern.CLOSED)
            .select_related("category", "meeting")
            .order_by("-pk")
        )
        self.fields["concern"].label_from_instance = self.concern_label

    @staticmethod
    def concern_label(concern: Concern) -> str:
        # A restricted concern's summary would be restricted text shown outside its page and access log.
        if concern.is_restricted:
            return f"#{concern.pk} {concern.category.name} ({_('restricted')})"
        return f"#{concern.pk} {concern.category.name}: {concern.summary[:80]}"


POLICE = "police"


class RouteForm(forms.Form):
    """Send it to another forum of the municipality, or hand it to the police."""

    destination = forms.ChoiceField(label=_("Send to"))
    public_answer = _public_answer()

    def __init__(self, *args, submission: Submission, **kwargs):
        super().__init__(*args, **kwargs)
        forums = Forum.objects.filter(municipality_id=submission.municipality_id, active=True).exclude(
            pk=submission.forum_id
        )
        self.fields["destination"].choices = [
            (POLICE, _("Kosovo Police: a case for them")),
            *[(str(forum.pk), forum.name) for forum in forums],
        ]

    def route_arguments(self) -> dict:
        """The service's arguments for the chosen destination."""
        chosen = self.cleaned_data["destination"]
        if chosen == POLICE:
            return {"to_police": True}
        return {"forum": Forum.objects.get(pk=int(chosen))}


class DeclineForm(forms.Form):
    """Decline it with a reason from the list."""

    decline_reason = forms.ChoiceField(label=_("Reason"), choices=Submission.DECLINE_REASON_CHOICES)
    public_answer = _public_answer()
