""" "You said, we did": what happened to the concerns raised, as numbers anyone may read.

Scope (the one rule every number here follows): concerns and actions of PUBLIC meetings of ACTIVE
forums. Restricted concerns are in every count (citizens should know domestic-violence cases are
raised and followed up) but never in any text: the timeline lists only public concerns, and of
those only public updates. A closed meeting's concerns stay out altogether, because even their
number by date could identify the people discussed there. An escalated concern is two records:
the committee's (closed as referred to the council) and the council's, so it counts in both forums;
the number escalated is shown beside, so nothing is hidden.

Every table is built from one grouped query per model, so the numbers per category and per
municipality add up to the totals by construction, and the query count does not grow with rows.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action, ActionUpdate
from forums import privacy
from forums.models import Concern, ConcernCategory, Forum, Municipality
from portal import queries

# How many public events the timeline shows; older ones are in the published minutes.
TIMELINE_LENGTH = 30
# How many quarters the trend covers.
TREND_QUARTERS = 8


def scoped_concerns(*, municipality: Municipality | None = None, category: ConcernCategory | None = None):
    """Concerns counted here: of public meetings of active forums, optionally narrowed."""
    concerns = Concern.objects.filter(meeting__in=queries.public_meetings().values("pk"))
    if municipality is not None:
        concerns = concerns.filter(meeting__forum__municipality=municipality)
    if category is not None:
        concerns = concerns.filter(category=category)
    return concerns


def scoped_actions(*, municipality: Municipality | None = None, category: ConcernCategory | None = None):
    """Actions counted here: of public meetings of active forums, optionally narrowed."""
    actions = Action.objects.filter(meeting__in=queries.public_meetings().values("pk"))
    if municipality is not None:
        actions = actions.filter(meeting__forum__municipality=municipality)
    if category is not None:
        actions = actions.filter(concern__category=category)
    return actions


@dataclass
class Row:
    """The numbers of one municipality, one category, or everything."""

    label: str
    key: object = None
    concerns_raised: int = 0
    concerns_closed: int = 0
    concerns_escalated: int = 0
    actions_done: int = 0
    actions_open: int = 0
    actions_overdue: int = 0
    completion_days: list[float] = field(default_factory=list, repr=False)

    @property
    def concerns_open(self) -> int:
        return self.concerns_raised - self.concerns_closed

    @property
    def actions_total(self) -> int:
        return self.actions_done + self.actions_open + self.actions_overdue

    @property
    def median_days(self) -> float | None:
        """Median days from an action's creation to its completion; None when nothing is done yet."""
        return round(median(self.completion_days), 1) if self.completion_days else None

    def add_concerns(self, raised: int, closed: int, escalated: int) -> None:
        self.concerns_raised += raised
        self.concerns_closed += closed
        self.concerns_escalated += escalated

    def add_actions(self, done: int, open_: int, overdue: int) -> None:
        self.actions_done += done
        self.actions_open += open_
        self.actions_overdue += overdue


@dataclass
class Quarter:
    start: date
    concerns_raised: int = 0
    actions_done: int = 0

    @property
    def label(self) -> str:
        return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"


@dataclass
class Statistics:
    total: Row
    by_municipality: list[Row]
    by_category: list[Row]
    closing_reasons: list[tuple[str, str, int]]  # (code, label, count)
    quarters: list[Quarter]


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


def statistics(
    *, municipality: Municipality | None = None, category: ConcernCategory | None = None
) -> Statistics:
    """Every number of the accountability page, in a fixed number of queries."""
    today = timezone.localdate()
    concerns = scoped_concerns(municipality=municipality, category=category)
    actions = scoped_actions(municipality=municipality, category=category)

    municipalities = {m.pk: m for m in Municipality.objects.all()}
    categories = {c.pk: c for c in ConcernCategory.objects.all()}
    total = Row(label=_("All"))
    by_municipality: dict[int, Row] = {}
    by_category: dict[int | None, Row] = {}

    def municipality_row(pk: int) -> Row:
        if pk not in by_municipality:
            by_municipality[pk] = Row(label=municipalities[pk].name, key=municipalities[pk])
        return by_municipality[pk]

    def category_row(pk: int | None) -> Row:
        if pk not in by_category:
            label = categories[pk].name if pk is not None else _("Meeting decisions (no concern)")
            by_category[pk] = Row(label=label, key=categories.get(pk))
        return by_category[pk]

    concern_groups = concerns.values("meeting__forum__municipality_id", "category_id").annotate(
        raised=Count("pk"),
        closed=Count("pk", filter=Q(status=Concern.CLOSED)),
        escalated=Count("pk", filter=Q(escalated_to__isnull=False)),
    )
    for group in concern_groups:
        numbers = (group["raised"], group["closed"], group["escalated"])
        total.add_concerns(*numbers)
        municipality_row(group["meeting__forum__municipality_id"]).add_concerns(*numbers)
        category_row(group["category_id"]).add_concerns(*numbers)

    active = Q(status__in=Action.ACTIVE_STATUSES)
    action_groups = actions.values("meeting__forum__municipality_id", "concern__category_id").annotate(
        done=Count("pk", filter=Q(status=Action.DONE)),
        open=Count("pk", filter=active & Q(due_date__gte=today)),
        overdue=Count("pk", filter=active & Q(due_date__lt=today)),
    )
    for group in action_groups:
        numbers = (group["done"], group["open"], group["overdue"])
        total.add_actions(*numbers)
        municipality_row(group["meeting__forum__municipality_id"]).add_actions(*numbers)
        category_row(group["concern__category_id"]).add_actions(*numbers)

    # Medians cannot be computed portably in SQL (SQLite has none): read the two dates and do it here.
    completed = actions.filter(status=Action.DONE, completed_at__isnull=False).values_list(
        "meeting__forum__municipality_id", "concern__category_id", "created_at", "completed_at"
    )
    for municipality_id, category_id, created_at, completed_at in completed:
        days = max((completed_at - created_at).total_seconds() / 86400, 0.0)
        for row in (total, municipality_row(municipality_id), category_row(category_id)):
            row.completion_days.append(days)

    reason_labels = dict(Concern.CLOSING_REASON_CHOICES)
    reason_counts = dict(
        concerns.filter(status=Concern.CLOSED)
        .exclude(closing_reason="")
        .values_list("closing_reason")
        .annotate(count=Count("pk"))
        .values_list("closing_reason", "count")
    )
    closing_reasons = [
        (code, str(reason_labels[code]), reason_counts.get(code, 0))
        for code, _label in Concern.CLOSING_REASON_CHOICES
    ]

    return Statistics(
        total=total,
        by_municipality=sorted(by_municipality.values(), key=lambda row: row.label),
        by_category=sorted(
            by_category.values(),
            key=lambda row: (row.key is None, row.key.position if row.key else 0, row.label),
        ),
        closing_reasons=closing_reasons,
        quarters=_quarters(concerns, actions, today),
    )


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _quarters(concerns: QuerySet[Concern], actions: QuerySet[Action], today: date) -> list[Quarter]:
    """Concerns raised and actions completed in each of the last TREND_QUARTERS quarters, oldest first."""
    starts = [_quarter_start(today)]
    while len(starts) < TREND_QUARTERS:
        # The day before a quarter starts lies in the quarter before.
        starts.append(_quarter_start(starts[-1] - timedelta(days=1)))
    starts.reverse()
    result = {start: Quarter(start=start) for start in starts}
    since = timezone.make_aware(datetime.combine(starts[0], datetime.min.time()))
    raised = (
        concerns.filter(created_at__gte=since)
        .annotate(quarter=TruncQuarter("created_at"))
        .values("quarter")
        .annotate(count=Count("pk"))
    )
    for group in raised:
        start = _as_date(group["quarter"])
        if start in result:
            result[start].concerns_raised += group["count"]
    done = (
        actions.filter(status=Action.DONE, completed_at__gte=since)
        .annotate(quarter=TruncQuarter("completed_at"))
        .values("quarter")
        .annotate(count=Count("pk"))
    )
    for group in done:
        start = _as_date(group["quarter"])
        if start in result:
            result[start].actions_done += group["count"]
    return list(result.values())


@dataclass
class Event:
    """One line of the public timeline: a public update, or a public concern closed."""

    when: datetime
    kind: str  # "update" or "closed"
    concern: Concern
    action_title: str = ""
    note: str = ""
    new_status: str = ""


def public_timeline(
    *, municipality: Municipality | None = None, category: ConcernCategory | None = None
) -> list[Event]:
    """Public updates and closings of PUBLIC concerns, newest first. Nothing of a restricted concern."""
    concerns = scoped_concerns(municipality=municipality, category=category).filter(
        privacy.public_concern_q()
    )
    updates = (
        ActionUpdate.objects.filter(privacy.public_update_q(), action__concern__in=concerns.values("pk"))
        .select_related(
            "action__concern__category",
            "action__concern__meeting__forum__municipality",
            "action__concern__escalated_to__meeting__forum",
        )
        .order_by("-created_at", "-pk")[:TIMELINE_LENGTH]
    )
    closed = (
        concerns.filter(status=Concern.CLOSED, closed_at__isnull=False)
        .select_related("category", "meeting__forum__municipality", "escalated_to__meeting__forum")
        .order_by("-closed_at", "-pk")[:TIMELINE_LENGTH]
    )
    status_labels = dict(Action.STATUS_CHOICES)
    events = [
        Event(
            when=update.created_at,
            kind="update",
            concern=update.action.concern,
            action_title=update.action.title,
            note=update.note,
            new_status=str(status_labels.get(update.new_status, "")) if update.new_status else "",
        )
        for update in updates
    ]
    events += [Event(when=concern.closed_at, kind="closed", concern=concern) for concern in closed]
    events.sort(key=lambda event: event.when, reverse=True)
    return events[:TIMELINE_LENGTH]


@dataclass
class Escalation:
    """A public concern a committee escalated to its council, both ends on public pages."""

    committee_concern: Concern
    council_concern: Concern
    committee_minutes: bool
    council_minutes: bool


def public_escalations(
    *, municipality: Municipality | None = None, category: ConcernCategory | None = None
) -> list[Escalation]:
    """Escalations whose two ends are public concerns of public meetings, newest first."""
    concerns = scoped_concerns(municipality=municipality, category=category).filter(
        privacy.public_concern_q()
    )
    pairs = list(
        concerns.filter(escalated_to__in=concerns.values("pk"))
        .select_related("category", "meeting__forum", "escalated_to__meeting__forum")
        .order_by("-closed_at", "-pk")[:TIMELINE_LENGTH]
    )
    meeting_ids = {c.meeting_id for c in pairs} | {c.escalated_to.meeting_id for c in pairs}
    with_minutes = set(
        queries.published_minutes().filter(meeting_id__in=meeting_ids).values_list("meeting_id", flat=True)
    )
    return [
        Escalation(
            committee_concern=concern,
            council_concern=concern.escalated_to,
            committee_minutes=concern.meeting_id in with_minutes,
            council_minutes=concern.escalated_to.meeting_id in with_minutes,
        )
        for concern in pairs
    ]


def summary() -> dict[str, int]:
    """The home page's few numbers, by the same rule (and the same querysets) as the accountability page."""
    concerns = scoped_concerns().aggregate(
        raised=Count("pk"), closed=Count("pk", filter=Q(status=Concern.CLOSED))
    )
    return {
        "concerns_raised": concerns["raised"],
        "concerns_closed": concerns["closed"],
        "actions_done": scoped_actions().filter(status=Action.DONE).count(),
        "forums": Forum.objects.filter(active=True).count(),
    }
