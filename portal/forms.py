"""The citizens' form to raise a concern or a question, with no account. Forms validate; views act."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models import ConcernCategory, Forum, Meeting, Municipality
from forums.submissions.services import MAX_TEXT_LENGTH, meetings_to_raise_for
from portal import abuse

HONEYPOT = "website"
DONT_KNOW = "m"
FORUM = "f"


class CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, category: ConcernCategory) -> str:
        if category.restricted_by_default:
            return _("%(category)s (kept confidential)") % {"category": category.name}
        return category.name


class MeetingField(forms.ModelChoiceField):
    def label_from_instance(self, meeting: Meeting) -> str:
        return _("Meeting on %(date)s") % {
            "date": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M")
        }


def place_choices() -> list:
    """Per municipality: "I don't know which forum", then its active forums (value m<id> or f<id>)."""
    choices: list = [("", _("Choose…"))]
    forums = sorted(
        Forum.objects.filter(active=True).select_related("municipality"), key=lambda forum: forum.name
    )
    by_municipality: dict[Municipality, list[Forum]] = {}
    for forum in forums:
        by_municipality.setdefault(forum.municipality, []).append(forum)
    for municipality in sorted(by_municipality, key=lambda m: m.name):
        options = [
            (
                f"{DONT_KNOW}{municipality.pk}",
                _("I don't know which forum: %(municipality)s") % {"municipality": municipality.name},
            )
        ]
        options += [(f"{FORUM}{forum.pk}", forum.name) for forum in by_municipality[municipality]]
        choices.append((municipality.name, options))
    return choices


class RaiseForm(forms.Form):
    """What a citizen sends: never published as written (forums.privacy rule 9)."""

    category = CategoryField(
        label=_("What is it about?"), queryset=ConcernCategory.objects.all(), empty_label=_("Choose…")
    )
    place = forms.ChoiceField(
        label=_("Municipality and forum"),
        help_text=_("Not sure? Choose “I don't know”: the municipal council sends it to the right forum."),
    )
    neighbourhood = forms.CharField(
        label=_("Neighbourhood or village (optional)"), max_length=120, required=False
    )
    text = forms.CharField(
        label=_("What do you want the forum to know or discuss?"),
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only to tell you when its status changes. You can follow it without one."),
    )
    # People never see this field; programs that fill every field fill it.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, forum: Forum | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = forum
        self.fields["place"].choices = place_choices()
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        if forum is not None:
            self.fields["meeting"] = MeetingField(
                label=_("For which meeting? (optional)"),
                queryset=meetings_to_raise_for(forum),
                required=False,
                empty_label=_("No particular meeting"),
            )

    def clean_place(self) -> dict:
        value = self.cleaned_data["place"]
        kind, number = value[:1], int(value[1:])  # one of the choices: checked by the field
        forum = Forum.objects.filter(pk=number, active=True).select_related("municipality").first()
        if kind == FORUM and forum is not None:
            return {"forum": forum, "municipality": forum.municipality}
        municipality = Municipality.objects.filter(pk=number).first()
        if kind == DONT_KNOW and municipality is not None:
            return {"forum": None, "municipality": municipality}
        raise forms.ValidationError(
            _("Choose a municipality and forum from the list."), code="invalid_choice"
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(
                _(
                    "This form could not be sent. If you filled in the field “Leave this field empty”, empty it."
                ),
                code="honeypot",
            )
        if not self.errors and not abuse.proof_of_work_is_valid(self.data.get("altcha", "")):
            raise forms.ValidationError(
                _(
                    "The automatic check that a person is sending this did not finish. Wait until it "
                    "says “Verified”, then send again."
                ),
                code="proof_of_work",
            )
        return cleaned

    def submission_arguments(self) -> dict:
        """The arguments of forums.submissions.services.receive_submission."""
        data = self.cleaned_data
        return {
            "category": data["category"],
            **data["place"],
            "meeting": data.get("meeting"),
            "neighbourhood": data["neighbourhood"],
            "text": data["text"],
            "email": data["email"],
        }
