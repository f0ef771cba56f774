"""Filters of the public minutes list; every field labelled, dates as date inputs."""

from datetime import date

import django_filters
from django import forms
from django.db.models import Exists
from django.db.models import OuterRef
from django.utils.translation import gettext_lazy as _

from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Municipality
from portal import queries


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")

    def format_value(self, value):
        # A date input holds a date or nothing (HTML forbids other values, browsers drop them); what
        # was wrong with the text sent is said by the field's error.
        if isinstance(value, str):
            try:
                date.fromisoformat(value)
            except ValueError:
                return None
        return super().format_value(value)


class MinutesFilter(django_filters.FilterSet):
    """Published minutes by municipality, forum, kind, date, category and text."""

    q = django_filters.CharFilter(label=_("Text"), method="filter_text", max_length=100)
    municipality = django_filters.ModelChoiceFilter(
        label=_("Municipality"),
        field_name="meeting__forum__municipality",
        queryset=Municipality.objects.all(),
        empty_label=_("All municipalities"),
    )
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"),
        field_name="meeting__forum",
        queryset=Forum.objects.filter(active=True),
        empty_label=_("All forums"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of forum"),
        field_name="meeting__forum__kind",
        choices=Forum.KIND_CHOICES,
        empty_label=_("Both kinds"),
    )
    date_from = django_filters.DateFilter(
        label=_("Meeting from"), field_name="meeting__starts_at", lookup_expr="date__gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(
        label=_("Meeting until"), field_name="meeting__starts_at", lookup_expr="date__lte", widget=DateInput()
    )
    category = django_filters.ModelChoiceFilter(
        label=_("Concern category"),
        queryset=ConcernCategory.objects.all(),
        method="filter_category",
        empty_label=_("All categories"),
    )

    class Meta:
        model = queries.Minutes
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        return queries.search_published_text(queryset, value) if value else queryset

    def filter_category(self, queryset, name, value):
        # Counts per category are public for restricted concerns too, so all concerns qualify.
        raised = Concern.objects.filter(meeting=OuterRef("meeting"), category=value)
        return queryset.filter(Exists(raised))


class AccountabilityFilterForm(forms.Form):
    """The accountability page by municipality and category; both optional, both labelled.

    Its choices come from the lists that label the numbers (`accountability.Lookups`), read once per
    page rather than once more for the form.
    """

    municipality = forms.TypedChoiceField(
        label=_("Municipality"), coerce=int, required=False, empty_value=None
    )
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, required=False, empty_value=None)

    def __init__(self, data=None, *, lookups):
        super().__init__(data)
        self.objects = {
            "municipality": {municipality.pk: municipality for municipality in lookups.municipalities},
            "category": {category.pk: category for category in lookups.categories},
        }
        empty = {"municipality": _("All municipalities"), "category": _("All categories")}
        for name, objects in self.objects.items():
            self.fields[name].choices = [("", empty[name])] + [(pk, str(obj)) for pk, obj in objects.items()]

    def choices(self) -> dict:
        """The valid choices; an invalid one is shown with its error and ignored."""
        self.is_valid()
        return {
            name: None if name in self.errors else self.objects[name].get(self.cleaned_data.get(name))
            for name in ("municipality", "category")
        }
