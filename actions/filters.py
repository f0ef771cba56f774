"""Filters of the staff "My actions" list (and its CSV export); every choice limited to what the user sees."""

from datetime import timedelta

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from actions.models import ResponsibleBody
from forums.models import Forum

# "This week" means the next seven days, so the choice is as useful on a Friday as on a Monday.
WEEK = timedelta(days=6)


class ActionFilter(django_filters.FilterSet):
    """The user's actions by status, forum, due date (overdue / this week / later) and responsible body.

    Without a status every action matches (the CSV export's explicit filters); the "My actions" page
    asks for the open and in-progress ones unless another status is chosen.
    """

    OVERDUE = "overdue"
    THIS_WEEK = "this_week"
    LATER = "later"
    DUE_CHOICES = [
        (OVERDUE, _("Overdue")),
        (THIS_WEEK, _("Due in the next 7 days")),
        (LATER, _("Due later")),
    ]

    # Statuses one can choose, beside each single one: the work still to do, and everything.
    ACTIVE = "active"
    ANY = "any"
    STATUS_CHOICES = [(ACTIVE, _("Open or in progress")), *Action.STATUS_CHOICES, (ANY, _("Any status"))]

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=STATUS_CHOICES, method="filter_status", empty_label=None
    )
    forum = django_filters.ModelChoiceFilter(
        label=_("Forum"),
        field_name="meeting__forum",
        queryset=Forum.objects.none(),
        empty_label=_("All my forums"),
    )
    due = django_filters.ChoiceFilter(
        label=_("Due"), choices=DUE_CHOICES, method="filter_due", empty_label=_("Any due date")
    )
    responsible_body = django_filters.ModelChoiceFilter(
        label=_("Responsible body"),
        queryset=ResponsibleBody.objects.none(),
        empty_label=_("Any body"),
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def __init__(self, data=None, queryset: QuerySet[Action] | None = None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        # Only forums and bodies that occur in the user's own list: the choices leak nothing else.
        visible = self.queryset.order_by()
        self.filters["forum"].queryset = Forum.objects.filter(
            pk__in=visible.values("meeting__forum_id")
        ).order_by("name_sq")
        self.filters["responsible_body"].queryset = ResponsibleBody.objects.filter(
            pk__in=visible.values("responsible_body_id")
        ).order_by("name_sq")

    def filter_status(self, queryset: QuerySet[Action], name: str, value: str) -> QuerySet[Action]:
        if value == self.ACTIVE:
            return queryset.filter(status__in=Action.ACTIVE_STATUSES)
        if value in dict(Action.STATUS_CHOICES):
            return queryset.filter(status=value)
        return queryset

    def filter_due(self, queryset: QuerySet[Action], name: str, value: str) -> QuerySet[Action]:
        today = timezone.localdate()
        # Due dates matter only while the action is still to be done.
        active = queryset.filter(status__in=Action.ACTIVE_STATUSES)
        if value == self.OVERDUE:
            return active.filter(due_date__lt=today)
        if value == self.THIS_WEEK:
            return active.filter(due_date__gte=today, due_date__lte=today + WEEK)
        if value == self.LATER:
            return active.filter(due_date__gt=today + WEEK)
        return queryset
