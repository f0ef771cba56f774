"""Staff forms for recording a forum's work. Forms validate; views call the services."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from forum_site.lib import ids
from forum_site.lib.forms import ShowsLengthLimits
from forums import privacy
from forums.models import AgendaItem
from forums.models import Concern
from forums.models import Meeting
from forums.models import Membership
from forums.models import display_name
from forums.models import meeting_day_error
from forums.models import series_end_error

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# The place in another language, by field-name suffix: the heading of its group on the meeting form.
PLACE_LANGUAGES = {"sr": _("The place in Serbian (Latin script)"), "tr": _("The place in Turkish")}


@dataclass
class TranslationGroup:
    """The place fields of one language on the meeting form, folded away unless something is in them."""

    heading: str
    fields: list[forms.BoundField]

    @property
    def open(self) -> bool:
        return any(field.errors or field.value() for field in self.fields)


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's own date-and-time picker; falls back to a text box that takes the same format."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


class MeetingForm(ShowsLengthLimits, forms.ModelForm):
    """Time, place and publicity of a meeting to schedule."""

    repeat_monthly = forms.IntegerField(
        label=_("Number of monthly meetings"),
        min_value=1,
        max_value=24,
        initial=1,
        help_text=_(
            "1 schedules a single meeting; 12 schedules one a month for a year, editable one by one."
        ),
        error_messages={
            "min_value": _("Schedule at least 1 meeting."),
            "max_value": _("A series has at most 24 meetings."),
        },
    )

    class Meta:
        model = Meeting
        fields = [
            "starts_at",
            "location",
            *Meeting.PLACE_FIELDS,
            "is_public",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "access_notes": forms.Textarea(attrs={"rows": 2}),
            "access_notes_sr": forms.Textarea(attrs={"rows": 2}),
            "access_notes_tr": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, forum, **kwargs):
        super().__init__(*args, **kwargs)
        self._ask_only_for_the_municipalitys_languages(forum.municipality.translation_suffixes)
        self.fields["starts_at"].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        self.fields["starts_at"].help_text = _("Local time, for example 2026-03-05 18:00.")

    def _ask_only_for_the_municipalitys_languages(self, suffixes: list[str]) -> None:
        """The place in Serbian or Turkish is asked for only where the municipality works in it."""
        for suffix in PLACE_LANGUAGES.keys() - set(suffixes):
            for name in Meeting.TRANSLATED_PLACE_FIELDS:
                del self.fields[f"{name}_{suffix}"]

    def main_fields(self) -> list[forms.BoundField]:
        """The visible fields but the place in other languages (`translation_groups`)."""
        translated = {
            f"{name}_{suffix}" for name in Meeting.TRANSLATED_PLACE_FIELDS for suffix in PLACE_LANGUAGES
        }
        return [field for field in self.visible_fields() if field.name not in translated]

    def translation_groups(self) -> list[TranslationGroup]:
        """The place in each other language the municipality works in, after the main fields: on a
        phone they come folded, and a Turkish text cannot land in a Serbian field beside it."""
        groups = []
        for suffix, heading in PLACE_LANGUAGES.items():
            names = [f"{name}_{suffix}" for name in Meeting.TRANSLATED_PLACE_FIELDS]
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                groups.append(TranslationGroup(heading=str(heading), fields=fields))
        return groups

    def place(self) -> dict:
        """The place fields this form asked for, as typed (`Meeting.PLACE_FIELDS`)."""
        return {name: self.cleaned_data[name] for name in Meeting.PLACE_FIELDS if name in self.fields}

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if error := meeting_day_error(starts_at):
            raise forms.ValidationError(error, code="out_of_range")
        return starts_at

    def clean(self):
        cleaned = super().clean()
        starts_at, repeat = cleaned.get("starts_at"), cleaned.get("repeat_monthly")
        if starts_at and repeat and (error := series_end_error(starts_at, repeat)):
            self.add_error("repeat_monthly", forms.ValidationError(error, code="series_out_of_range"))
        return cleaned


class MeetingEditForm(MeetingForm):
    """One meeting's time, place, publicity and status."""

    repeat_monthly = None

    class Meta(MeetingForm.Meta):
        fields = [*MeetingForm.Meta.fields, "status"]


class AgendaItemForm(ShowsLengthLimits, forms.ModelForm):
    """A point on the agenda and, once discussed, a summary of what was said."""

    class Meta:
        model = AgendaItem
        fields = ["title", "discussion"]
        widgets = {"discussion": forms.Textarea(attrs={"rows": 3})}


class AgendaReorderForm(ShowsLengthLimits, forms.Form):
    """A new agenda order as the items' current positions (`order=1,2,4,3`) or repeated `item` ids.

    People read positions off the numbered agenda, so that is what they type: "1, 2, 4, 3" puts the
    item now fourth before the one now third. A sortable list in the browser sends the item ids.
    """

    order = forms.CharField(
        label=_("New order"),
        max_length=500,
        help_text=_(
            "The items' current numbers in their new order, separated by commas: for example 3, 1, 2 "
            "puts the third item first."
        ),
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.by_item_ids = False
        # Repeated `item` fields (a sortable list in the browser) are folded into `order`.
        if self.is_bound and not self.data.get("order") and hasattr(self.data, "getlist"):
            items = self.data.getlist("item")
            if items:
                self.data = self.data.copy()
                self.data["order"] = ",".join(items)
                self.by_item_ids = True

    def clean_order(self) -> list[int]:
        raw = [part.strip() for part in self.cleaned_data["order"].replace(";", ",").split(",")]
        try:
            numbers = [int(part) for part in raw if part]
        except ValueError:
            raise forms.ValidationError(
                _("Use only the items' numbers separated by commas, for example 3, 1, 2."), code="invalid"
            ) from None
        current = list(self.meeting.agenda_items.order_by("position", "pk").values_list("pk", flat=True))
        if self.by_item_ids:
            return self._ids_from_ids(numbers, current)
        return self._ids_from_positions(numbers, current)

    def _ids_from_positions(self, positions: list[int], current: list[int]) -> list[int]:
        unknown = [str(n) for n in positions if not 1 <= n <= len(current)]
        if unknown:
            raise forms.ValidationError(
                _("Not on this agenda: %(items)s. Its items are numbered 1 to %(count)d."),
                code="foreign",
                params={"items": ", ".join(unknown), "count": len(current)},
            )
        if sorted(positions) != list(range(1, len(current) + 1)):
            raise forms.ValidationError(
                _("List each number from 1 to %(count)d exactly once."),
                code="incomplete",
                params={"count": len(current)},
            )
        return [current[n - 1] for n in positions]

    def _ids_from_ids(self, ids: list[int], current: list[int]) -> list[int]:
        foreign = [str(pk) for pk in ids if pk not in current]
        if foreign:
            raise forms.ValidationError(
                _("Not on this agenda: %(items)s."), code="foreign", params={"items": ", ".join(foreign)}
            )
        if len(ids) != len(set(ids)) or set(ids) != set(current):
            raise forms.ValidationError(_("List each item of this agenda exactly once."), code="incomplete")
        return ids


class MembershipChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # An id beyond the database's integer range would crash SQLite's `IN` lookup: refuse it first.
        for pk in value:
            try:
                number = int(str(pk))
            except ValueError:
                continue  # the parent class reports it as not a valid value
            if not ids.can_exist(number):
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super()._check_values(value)

    def label_from_instance(self, obj: Membership) -> str:
        return f"{display_name(obj.user)} — {obj.get_institution_display()}, {obj.get_role_display()}"


class AttendanceForm(forms.ModelForm):
    """Members present and citizens attending, counted by women, men and youth."""

    members_present = MembershipChoiceField(
        label=_("Members present"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Only members of this forum can be marked present.")},
    )

    class Meta:
        model = Meeting
        fields = ["members_present", "citizens_women", "citizens_men", "citizens_youth"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members_present"].queryset = (
            Membership.objects.filter(forum_id=self.instance.forum_id, active=True)
            .select_related("user")
            .order_by("institution", "user__last_name", "user__first_name")
        )
        for name in ("citizens_women", "citizens_men", "citizens_youth"):
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})

    def clean(self):
        cleaned = super().clean()
        women, men, youth = (cleaned.get(k) for k in ("citizens_women", "citizens_men", "citizens_youth"))
        if None not in (women, men, youth) and youth > women + men:
            self.add_error(
                "citizens_youth",
                _("Youth are counted among the women and men, so they cannot be more than both together."),
            )
        return cleaned


# Said next to the field rather than refused silently after saving (forums.privacy rule 1).
TWO_PEOPLE_RULE = _(
    "Concerns in a category restricted by default, such as domestic violence or violent extremism, "
    "are always logged as restricted. To make one public, propose it from the concern's page; it "
    "becomes public only when the chair confirms."
)


class ConcernForm(ShowsLengthLimits, forms.ModelForm):
    """Quick entry of a concern during a meeting; visibility follows the category unless chosen."""

    visibility = forms.ChoiceField(
        label=_("Visibility"),
        required=False,
        choices=[("", _("As the category suggests"))] + Concern.VISIBILITY_CHOICES,
        help_text=TWO_PEOPLE_RULE,
    )

    class Meta:
        model = Concern
        fields = ["category", "summary", "details", "neighbourhood", "source", "visibility", "agenda_item"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.order_by("position", "pk")
        self.fields["agenda_item"].error_messages["invalid_choice"] = _(
            "Choose an item of this meeting's agenda."
        )
        self.fields["summary"].help_text = _(
            "Shown to citizens when the concern is public. No names of private persons."
        )


class ConcernEditForm(ConcernForm):
    """Correct a concern; here the visibility is always explicit."""

    visibility = forms.ChoiceField(
        label=_("Visibility"), choices=Concern.VISIBILITY_CHOICES, help_text=TWO_PEOPLE_RULE
    )

    class Meta(ConcernForm.Meta):
        pass

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        concern = self.instance
        if not privacy.needs_two_people_to_publish(concern):
            return
        visibility = self.fields["visibility"]
        if concern.is_restricted:
            # Not offered rather than refused after saving: only the chair's confirmation makes it public.
            visibility.choices = [(Concern.RESTRICTED, _("Restricted"))]
            visibility.help_text = _(
                "Concerns about %(category)s become public only when two people agree: propose it "
                "from the concern's page, and the chair confirms."
            ) % {"category": concern.category.name}
        else:
            visibility.help_text = _(
                "Restricting it takes effect at once. Making it public again needs a new proposal "
                "and the chair's confirmation."
            )


class ProposePublicForm(ShowsLengthLimits, forms.Form):
    """The secretary's reason for making public a concern of a category restricted by default."""

    reason = forms.CharField(
        label=_("Why may it be public?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: general awareness topic, no case. The chair reads this before confirming."),
    )


class ConcernCloseForm(ShowsLengthLimits, forms.ModelForm):
    """Close a concern with the honest reason citizens will see."""

    class Meta:
        model = Concern
        fields = ["closing_reason", "referred_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        reason = self.fields["closing_reason"]
        reason.required = True
        reason.choices = [("", _("Choose a reason"))] + Concern.CLOSING_REASON_CHOICES
        reason.help_text = _("Citizens see this reason next to the concern.")
        self.fields["referred_to"].help_text = _(
            "Only when referred: the body that took the concern over (e.g. the Centre for Social Work)."
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("closing_reason") == Concern.REFERRED and not cleaned.get("referred_to", "").strip():
            self.add_error("referred_to", _("Say which body the concern was referred to."))
        return cleaned
