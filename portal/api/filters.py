"""Filters of the open-data lists: municipality, forum, kind, category, status, dates, `updated_since`.

Municipalities, forums and categories are named by id or slug (`municipality=prizren`); an unknown
one matches nothing. A malformed value (a date that is not one, an unknown status) answers 400.
Filters narrow the public records of `portal.api.records`; none reaches past them.
"""

import re
from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Exists
from django.db.models import OuterRef
from django.db.models import Q
from django_filters.fields import IsoDateTimeField

from forum_site.lib import ids
from forums.models import Concern
from forums.models import Forum
from forums.models import Meeting
from forums.models import MinutesVersion
from portal.models import Tombstone

KIND_CHOICES = [(Forum.MCSC, Forum.MCSC), (Forum.LPSC, Forum.LPSC)]
# Django's own labels are lazy translations; the codes are what clients send.
MEETING_STATUSES = [(code, code) for code, _label in Meeting.STATUS_CHOICES]
CONCERN_STATUSES = [(code, code) for code, _label in Concern.STATUS_CHOICES]
CLOSING_REASONS = [(code, code) for code, _label in Concern.CLOSING_REASON_CHOICES]
ACTION_STATUSES = [
    ("open", "open"),
    ("in_progress", "in_progress"),
    ("done", "done"),
    ("cancelled", "cancelled"),
]
# What a SlugField can hold. Anything else (a NUL byte, which PostgreSQL refuses even to compare)
# names no record, and is not sent to the database.
SLUG = re.compile(r"[-a-zA-Z0-9_]+")


def by_id_or_slug(field: str, value: str) -> Q:
    """`field` (a municipality, forum or category) given by its number or its slug; "" for the record itself."""
    value = value.strip()
    id_field, slug_field = (f"{field}_id", f"{field}__slug") if field else ("pk", "slug")
    if value.isdigit():
        number = int(value)
        # SQLite cannot compare with a number beyond its integer range: such an id exists nowhere.
        return Q(**{id_field: number}) if ids.can_exist(number) else Q(pk__in=[])
    if not SLUG.fullmatch(value):
        return Q(pk__in=[])
    return Q(**{slug_field: value})


class IdOrSlugFilter(django_filters.CharFilter):
    """A related record by id or slug, reached through `field_name`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        return qs.filter(by_id_or_slug(self.field_name, value))


class MomentField(IsoDateTimeField):
    """An ISO 8601 moment a database can compare: a real time-zone offset, a year people live in.

    PostgreSQL refuses an offset such as +19:36 with an error (a 500 without this); it answers 400.
    """

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return moment
        offset = moment.utcoffset()
        if offset is not None and abs(offset) > timedelta(hours=14) or not 1900 <= moment.year <= 2200:
            raise forms.ValidationError(
                "Give a moment between 1900 and 2200 with a time-zone offset of at most 14 hours."
            )
        return moment


class MomentFilter(django_filters.IsoDateTimeFilter):
    field_class = MomentField


class ChangedFilterSet(django_filters.FilterSet):
    updated_since = MomentFilter(
        field_name="last_changed",
        lookup_expr="gte",
        label="Only records changed at or after this moment (ISO 8601, e.g. 2025-06-01T00:00:00Z).",
    )


def place_filters(path: str) -> tuple:
    """The municipality, forum and kind filters of records reached through `path` (e.g. "meeting__")."""
    return (
        IdOrSlugFilter(field_name=f"{path}forum__municipality", label="Municipality: id or slug."),
        IdOrSlugFilter(field_name=f"{path}forum", label="Forum: id or slug."),
        django_filters.ChoiceFilter(
            field_name=f"{path}forum__kind", choices=KIND_CHOICES, label="Kind of forum."
        ),
    )


class ForumFilter(ChangedFilterSet):
    municipality = IdOrSlugFilter(field_name="municipality", label="Municipality: id or slug.")
    kind = django_filters.ChoiceFilter(field_name="kind", choices=KIND_CHOICES, label="Kind of forum.")


class MeetingFilter(ChangedFilterSet):
    municipality, forum, kind = place_filters("")
    status = django_filters.ChoiceFilter(choices=MEETING_STATUSES, label="planned, held or cancelled.")
    starts_from = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__gte", label="Meetings on or after this day."
    )
    starts_to = django_filters.DateFilter(
        field_name="starts_at", lookup_expr="date__lte", label="Meetings on or before this day."
    )


class MinutesFilter(ChangedFilterSet):
    municipality, forum, kind = place_filters("meeting__")
    category = IdOrSlugFilter(
        method="filter_category",
        label="Minutes of meetings where a concern of this category was raised (id or slug).",
    )
    meeting_from = django_filters.DateFilter(
        field_name="meeting__starts_at", lookup_expr="date__gte", label="Meetings on or after this day."
    )
    meeting_to = django_filters.DateFilter(
        field_name="meeting__starts_at", lookup_expr="date__lte", label="Meetings on or before this day."
    )
    published_since = MomentFilter(
        method="filter_published_since", label="Minutes with a version published at or after this moment."
    )

    def filter_category(self, queryset, name, value):
        # As on the minutes list: the public minutes count restricted concerns by category too.
        raised = Concern.objects.filter(by_id_or_slug("category", value)).values("meeting_id")
        return queryset.filter(meeting_id__in=raised)

    def filter_published_since(self, queryset, name, value):
        return queryset.filter(
            Exists(MinutesVersion.objects.filter(minutes=OuterRef("pk"), published_at__gte=value))
        )


class ConcernFilter(ChangedFilterSet):
    municipality, forum, kind = place_filters("meeting__")
    meeting = django_filters.NumberFilter(field_name="meeting_id", min_value=1, max_value=ids.LARGEST_ID)
    category = IdOrSlugFilter(field_name="category", label="Category: id or slug.")
    status = django_filters.ChoiceFilter(choices=CONCERN_STATUSES, label="open, in_progress or closed.")
    closing_reason = django_filters.ChoiceFilter(choices=CLOSING_REASONS)
    raised_from = django_filters.DateFilter(field_name="created_at", lookup_expr="date__gte")
    raised_to = django_filters.DateFilter(field_name="created_at", lookup_expr="date__lte")
    closed_from = django_filters.DateFilter(field_name="closed_at", lookup_expr="date__gte")
    closed_to = django_filters.DateFilter(field_name="closed_at", lookup_expr="date__lte")


class ActionFilter(ChangedFilterSet):
    municipality, forum, kind = place_filters("meeting__")
    meeting = django_filters.NumberFilter(field_name="meeting_id", min_value=1, max_value=ids.LARGEST_ID)
    concern = django_filters.UUIDFilter(
        field_name="concern__public_id", label="The public concern it answers."
    )
    category = IdOrSlugFilter(field_name="concern__category", label="Category of its concern: id or slug.")
    status = django_filters.ChoiceFilter(
        choices=ACTION_STATUSES, label="open, in_progress, done or cancelled."
    )
    due_from = django_filters.DateFilter(field_name="due_date", lookup_expr="gte")
    due_to = django_filters.DateFilter(field_name="due_date", lookup_expr="lte")
    completed_from = django_filters.DateFilter(field_name="completed_at", lookup_expr="date__gte")
    completed_to = django_filters.DateFilter(field_name="completed_at", lookup_expr="date__lte")


class TombstoneFilter(ChangedFilterSet):
    type = django_filters.ChoiceFilter(field_name="kind", choices=Tombstone.KIND_CHOICES)
