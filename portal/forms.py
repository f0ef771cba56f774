"""The citizens' forms, with no account: raising a concern or a question, typing its tracking code, the
trust survey, e-mail alerts, and the checks they all share (`GuardedForm`). Forms validate; views act."""

import json

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forums.models import TRACKING_ALPHABET
from forums.models import TRACKING_CODE_LENGTH
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Meeting
from forums.models import Municipality
from forums.models import SurveyResponse
from forums.models import grouped_tracking_code
from forums.models import normalised_tracking_code
from forums.submissions.services import MAX_TEXT_LENGTH
from forums.submissions.services import meetings_to_raise_for
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


def widget_strings() -> str:
    """The proof-of-work widget's texts in the page's language, as the JSON of its `strings` attribute."""
    return json.dumps(
        {
            "label": gettext("Automatic check that a person is sending this"),
            "verified": gettext("Verified"),
            "verifying": gettext("Checking…"),
            "waitAlert": gettext("Checking that a person is sending this… please wait."),
            "error": gettext("The check failed. Reload the page and try again."),
            "expired": gettext("The check expired. Reload the page and try again."),
            "verificationRequired": gettext("Wait until the automatic check says “Verified”."),
            "ariaLinkLabel": "",
            "footer": "",
        }
    )


def proof_of_work_context() -> dict:
    """What `portal/includes/form_guards.html` needs: a fresh challenge and the widget's texts."""
    return {"challenge": abuse.new_challenge(), "widget_strings": widget_strings()}


class GuardedForm(forms.Form):
    """A citizens' form: a honeypot and the proof of work (portal.abuse), checked here for every one.

    Render its guards with `{% include "portal/includes/form_guards.html" %}` and the view's
    `proof_of_work_context()`; the view adds the limit per address (`abuse.is_limited`).
    """

    # People never see this field; programs that fill every field fill it.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(
                _(
                    "This form could not be sent. If you filled in the field “Leave this field empty”, empty it."
                ),
                code="honeypot",
            )
        # Checked last, and only on an otherwise valid form: a solution is used up when checked.
        if not self.errors and not abuse.proof_of_work_is_valid(self.data.get("altcha", "")):
            raise forms.ValidationError(
                _(
                    "The automatic check that a person is sending this did not finish. Wait until it "
                    "says “Verified”, then send again."
                ),
                code="proof_of_work",
            )
        return cleaned


class RaiseForm(GuardedForm):
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

    def __init__(self, *args, forum: Forum | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.forum = forum
        self.fields["place"].choices = place_choices()
        self.fields["email"].widget.attrs["autocomplete"] = "email"
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


class TrackLookupForm(forms.Form):
    """The code from a receipt, typed by hand: cleaned to the form /track/<code>/ shows.

    Only its shape is checked, never whether a submission has it: the tracking page looks it up and
    counts an address's failed lookups (portal.abuse), and this form must not answer around that count.
    """

    code = forms.CharField(
        label=_("Your tracking code"),
        help_text=_("16 letters and digits, as on your receipt. Spaces, dashes and small letters are fine."),
        error_messages={"required": _("Type the code from your receipt.")},
        # Nothing to remember or suggest: the code is one person's, and a phone may be shared.
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalised_tracking_code(self.cleaned_data["code"])
        if len(code) != TRACKING_CODE_LENGTH or not set(code) <= set(TRACKING_ALPHABET):
            raise forms.ValidationError(
                _("A tracking code has 16 letters and digits. Check what you typed against your receipt."),
                code="malformed",
            )
        return grouped_tracking_code(code)


ATTENDED_CHOICES = [
    ("yes", _("Yes")),
    ("no", _("No")),
    ("", _("I'd rather not say")),
]


class SurveyForm(GuardedForm):
    """Seven statements on the agree–disagree scale, whether one attended, and one comment."""

    attended = forms.TypedChoiceField(
        label=_("Did you attend the meeting?"),
        choices=ATTENDED_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        coerce=lambda value: value == "yes",
        empty_value=None,
    )
    comment = forms.CharField(
        label=_("Anything else you want the forum to know? (optional)"),
        help_text=_(
            "Please write no names and nothing that shows who you or anyone else is. The forum's "
            "secretary reads it; it is never published as written, only counted by theme. To report "
            "a crime or ask for help, call the police on 192."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        statements = {
            name: forms.TypedChoiceField(
                label=statement,
                choices=SurveyResponse.SCALE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer, or “Don't know”.")},
            )
            for name, statement, _short in SurveyResponse.STATEMENTS
        }
        self.fields = {**statements, **self.fields}

    def statement_fields(self) -> list:
        return [self[name] for name in SurveyResponse.statement_fields()]

    def answers(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in SurveyResponse.statement_fields()}


def follow_choices() -> list:
    """Municipalities (all their forums) and single forums, grouped by municipality."""
    forums = (
        Forum.objects.filter(active=True)
        .select_related("municipality")
        .order_by("municipality__name_sq", "kind", "name_sq")
    )
    groups: dict[int, list] = {}
    for forum in forums:
        groups.setdefault(forum.municipality_id, []).append((f"forum:{forum.slug}", forum.name))
    choices = []
    for municipality in Municipality.objects.filter(pk__in=groups):
        everything = (
            f"municipality:{municipality.slug}",
            _("All forums of %(municipality)s") % {"municipality": municipality.name},
        )
        choices.append((municipality.name, [everything, *groups[municipality.pk]]))
    return choices


class SubscribeForm(GuardedForm):
    """An address, what to follow, and the language of the e-mails."""

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    follow = forms.ChoiceField(label=_("What to follow"))
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)

    field_order = ["email", "follow", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["follow"].choices = follow_choices()
        self.fields["email"].widget.attrs["autocomplete"] = "email"

    def followed(self) -> dict:
        """`forum=` or `municipality=` for the service, from the chosen value."""
        kind, slug = self.cleaned_data["follow"].split(":", 1)
        if kind == "forum":
            return {"forum": Forum.objects.get(slug=slug, active=True)}
        return {"municipality": Municipality.objects.get(slug=slug)}
