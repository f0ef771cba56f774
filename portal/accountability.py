""" "You said, we did": what happened to the concerns raised, as numbers anyone may read.

Scope (the one rule every number here follows): concerns and actions of PUBLIC meetings of ACTIVE
forums. Restricted concerns are in every count (citizens should know domestic-violence cases are
raised and followed up) but never in any text: the timeline lists only public concerns, and of
those only public updates. A closed meeting's concerns stay out altogether, because even their
number by date could identify the people discussed there. An escalated concern is two records:
the committee's (closed as referred to the council) and the council's, so it counts in both forums;
the number escalated is shown beside, so nothing is hidden.

Every count is kept as a `Tally`: the number and how many of it are restricted, and what a page
or the CSV reads is the `ShownCount` the privacy gate makes of it (rule 7 of `forums.privacy`):
small counts of restricted concerns read "fewer than 3". How concerns were closed is split: public
concerns by the page's filter, restricted ones only per municipality, category and ended year.

Every table is built from one grouped query per model, so the numbers per category and per
municipality add up to the totals by construction, and the query count does not grow with rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from django.db.models import BooleanField, Count, ExpressionWrapper, Q, QuerySet
from django.db.models.functions import ExtractYear, TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action, ActionUpdate
from forums import privacy
from forums.models import Concern, ConcernCategory, Forum, Municipality
from forums.privacy import (
    ShownCount,
    last_year_of_published_outcomes,
    median_is_shown,
    min_count,
    restricted_action_q,
    restricted_breakdown_is_shown,
    shown_count,
)
from portal import queries

# How many public events the timeline shows; older ones are in the published minutes.
TIMELINE_LENGTH = 30
# How many quarters the trend covers.
TREND_QUARTERS = 8

RESTRICTED_CONCERN = Q(visibility=Concern.RESTRICTED)


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
class Tally:
    """A count and how many of it are restricted: what the privacy gate needs to show it."""

    total: int = 0
    restricted: int = 0

    def add(self, total: int, restricted: int) -> None:
        self.total += total
        self.restricted += restricted

    def __sub__(self, other: "Tally") -> "Tally":
        return Tally(self.total - other.total, self.restricted - other.restricted)

    @property
    def shown(self) -> ShownCount:
        return shown_count(self.total, restricted=self.restricted)


@dataclass
class Row:
    """The numbers of one municipality, one category, or everything.

    The tallies hold the exact numbers; the properties below are what may be shown.
    """

    label: str
    key: object = None
    raised: Tally = field(default_factory=Tally)
    closed: Tally = field(default_factory=Tally)
    escalated: Tally = field(default_factory=Tally)
    done: Tally = field(default_factory=Tally)
    open: Tally = field(default_factory=Tally)
    overdue: Tally = field(default_factory=Tally)
    completion_days: list[float] = field(default_factory=list, repr=False)
    completed_restricted: int = 0

    @property
    def concerns_raised(self) -> ShownCount:
        return self.raised.shown

    @property
    def concerns_closed(self) -> ShownCount:
        return self.closed.shown

    @property
    def concerns_open(self) -> ShownCount:
        return (self.raised - self.closed).shown

    @property
    def concerns_escalated(self) -> ShownCount:
        return self.escalated.shown

    @property
    def actions_done(self) -> ShownCount:
        return self.done.shown

    @property
    def actions_open(self) -> ShownCount:
        return self.open.shown

    @property
    def actions_overdue(self) -> ShownCount:
        return self.overdue.shown

    @property
    def median_withheld(self) -> bool:
        """The median would be one or two restricted actions' own durations."""
        return not median_is_shown(len(self.completion_days), restricted=self.completed_restricted)

    @property
    def median_days(self) -> float | None:
        """Median days from an action's creation to its completion; None when none is done or it is withheld."""
        if not self.completion_days or self.median_withheld:
            return None
        return round(median(self.completion_days), 1)

    def add_concerns(self, group: dict) -> None:
        self.raised.add(group["raised"], group["restricted_raised"])
        self.closed.add(group["closed"], group["restricted_closed"])
        self.escalated.add(group["escalated"], group["restricted_escalated"])

    def add_actions(self, group: dict) -> None:
        self.done.add(group["done"], group["restricted_done"])
        self.open.add(group["open"], group["restricted_open"])
        self.overdue.add(group["overdue"], group["restricted_overdue"])

    def add_completion(self, days: float, *, restricted: bool) -> None:
        self.completion_days.append(days)
        self.completed_restricted += restricted


@dataclass
class Quarter:
    start: date
    raised: Tally = field(default_factory=Tally)
    done: Tally = field(default_factory=Tally)

    @property
    def label(self) -> str:
        return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"

    @property
    def concerns_raised(self) -> ShownCount:
        return self.raised.shown

    @property
    def actions_done(self) -> ShownCount:
        return self.done.shown


@dataclass
class RestrictedClosings:
    """How the restricted concerns of one municipality and category were closed in one ended year."""

    municipality: str
    year: int
    category: str
    by_reason: dict[str, int]
    category_position: int = 0

    @property
    def closed(self) -> ShownCount:
        total = sum(self.by_reason.values())
        return shown_count(total, restricted=total)

    @property
    def broken_down(self) -> bool:
        return restricted_breakdown_is_shown(self.by_reason.values())

    @property
    def reasons(self) -> list[tuple[str, ShownCount | None]]:
        """(reason code, count) in the order of the closing reasons; every count None when not broken down."""
        counts = [(code, self.by_reason.get(code, 0)) for code, _label in Concern.CLOSING_REASON_CHOICES]
        if not self.broken_down:
            return [(code, None) for code, _count in counts]
        return [(code, shown_count(count, restricted=count)) for code, count in counts]


@dataclass
class Statistics:
    total: Row
    by_municipality: list[Row]
    by_category: list[Row]
    closing_reasons: list[tuple[str, str, ShownCount]]  # (code, label, count) of PUBLIC concerns
    restricted_closings: list[RestrictedClosings]
    last_outcome_year: int
    quarters: list[Quarter]
    minimum: int  # the threshold below which counts of restricted concerns read "fewer than N"


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

    closed = Q(status=Concern.CLOSED)
    escalated = Q(escalated_to__isnull=False)
    concern_groups = concerns.values("meeting__forum__municipality_id", "category_id").annotate(
        raised=Count("pk"),
        restricted_raised=Count("pk", filter=RESTRICTED_CONCERN),
        closed=Count("pk", filter=closed),
        restricted_closed=Count("pk", filter=closed & RESTRICTED_CONCERN),
        escalated=Count("pk", filter=escalated),
        restricted_escalated=Count("pk", filter=escalated & RESTRICTED_CONCERN),
    )
    for group in concern_groups:
        total.add_concerns(group)
        municipality_row(group["meeting__forum__municipality_id"]).add_concerns(group)
        category_row(group["category_id"]).add_concerns(group)

    restricted = restricted_action_q()
    done = Q(status=Action.DONE)
    open_ = Q(status__in=Action.ACTIVE_STATUSES, due_date__gte=today)
    overdue = Q(status__in=Action.ACTIVE_STATUSES, due_date__lt=today)
    action_groups = actions.values("meeting__forum__municipality_id", "concern__category_id").annotate(
        done=Count("pk", filter=done),
        restricted_done=Count("pk", filter=done & restricted),
        open=Count("pk", filter=open_),
        restricted_open=Count("pk", filter=open_ & restricted),
        overdue=Count("pk", filter=overdue),
        restricted_overdue=Count("pk", filter=overdue & restricted),
    )
    for group in action_groups:
        total.add_actions(group)
        municipality_row(group["meeting__forum__municipality_id"]).add_actions(group)
        category_row(group["concern__category_id"]).add_actions(group)

    # Medians cannot be computed portably in SQL (SQLite has none): read the two dates and do it here.
    completed = (
        actions.filter(status=Action.DONE, completed_at__isnull=False)
        .annotate(restricted=ExpressionWrapper(restricted, output_field=BooleanField()))
        .values_list(
            "meeting__forum__municipality_id",
            "concern__category_id",
            "created_at",
            "completed_at",
            "restricted",
        )
    )
    for municipality_id, category_id, created_at, completed_at, is_restricted in completed:
        days = max((completed_at - created_at).total_seconds() / 86400, 0.0)
        for row in (total, municipality_row(municipality_id), category_row(category_id)):
            row.add_completion(days, restricted=bool(is_restricted))

    last_outcome_year = last_year_of_published_outcomes(today)
    public_reasons, restricted_closings = _closings(concerns, municipalities, categories, last_outcome_year)
    closing_reasons = [
        (code, str(label), shown_count(public_reasons.get(code, 0), restricted=0))
        for code, label in Concern.CLOSING_REASON_CHOICES
    ]

    return Statistics(
        total=total,
        by_municipality=sorted(by_municipality.values(), key=lambda row: row.label),
        by_category=sorted(
            by_category.values(),
            key=lambda row: (row.key is None, row.key.position if row.key else 0, row.label),
        ),
        closing_reasons=closing_reasons,
        restricted_closings=restricted_closings,
        last_outcome_year=last_outcome_year,
        quarters=_quarters(concerns, actions, today),
        minimum=min_count(),
    )


def _closings(
    concerns: QuerySet[Concern], municipalities: dict, categories: dict, last_year: int
) -> tuple[dict[str, int], list[RestrictedClosings]]:
    """Closing reasons in one grouped query: public concerns' per reason (they are public one by one
    in the timeline anyway), restricted concerns' per municipality, category and ended year.

    Restricted ones never join the public table: a count that mixes them with public concerns,
    whose closings anyone can list, gives the restricted part by subtraction.
    """
    groups = (
        concerns.filter(status=Concern.CLOSED)
        .exclude(closing_reason="")
        .annotate(year=ExtractYear("closed_at"))
        .values("visibility", "meeting__forum__municipality_id", "category_id", "year", "closing_reason")
        .annotate(count=Count("pk"))
    )
    public: dict[str, int] = defaultdict(int)
    restricted: dict[tuple[int, int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for group in groups:
        if group["visibility"] == Concern.PUBLIC:
            public[group["closing_reason"]] += group["count"]
        elif group["year"] is not None and group["year"] <= last_year:
            key = (group["meeting__forum__municipality_id"], group["year"], group["category_id"])
            restricted[key][group["closing_reason"]] += group["count"]
    rows = [
        RestrictedClosings(
            municipality=municipalities[municipality_id].name,
            year=year,
            category=categories[category_id].name,
            category_position=categories[category_id].position,
            by_reason=dict(by_reason),
        )
        for (municipality_id, year, category_id), by_reason in restricted.items()
    ]
    rows.sort(key=lambda row: (row.municipality, -row.year, row.category_position, row.category))
    return dict(public), rows


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
        .annotate(count=Count("pk"), restricted=Count("pk", filter=RESTRICTED_CONCERN))
    )
    for group in raised:
        start = _as_date(group["quarter"])
        if start in result:
            result[start].raised.add(group["count"], group["restricted"])
    done = (
        actions.filter(status=Action.DONE, completed_at__gte=since)
        .annotate(quarter=TruncQuarter("completed_at"))
        .values("quarter")
        .annotate(count=Count("pk"), restricted=Count("pk", filter=restricted_action_q()))
    )
    for group in done:
        start = _as_date(group["quarter"])
        if start in result:
            result[start].done.add(group["count"], group["restricted"])
    return list(result.values())


@dataclass
class Event:
    """One line of the public timeline: a public update, or a public concern closed."""

    when: datetime
    kind: str  # "update" or "closed"
    concern: Concern
    action_title: str = ""
    note: str = ""
    # The action's status once this update was posted (not today's), and whether the update set it.
    status: str = ""
    status_changed: bool = False


def public_timeline(
    *, municipality: Municipality | None = None, category: ConcernCategory | None = None
) -> list[Event]:
    """Public updates and closings of PUBLIC concerns, newest first. Nothing of a restricted concern."""
    concerns = scoped_concerns(municipality=municipality, category=category).filter(
        privacy.public_concern_q()
    )
    updates = list(
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
    statuses = statuses_after(updates)
    events = [
        Event(
            when=update.created_at,
            kind="update",
            concern=update.action.concern,
            action_title=update.action.title,
            note=update.note,
            status=str(status_labels.get(statuses[update.pk], "")),
            status_changed=bool(update.new_status),
        )
        for update in updates
    ]
    events += [Event(when=concern.closed_at, kind="closed", concern=concern) for concern in closed]
    events.sort(key=lambda event: event.when, reverse=True)
    return events[:TIMELINE_LENGTH]


def statuses_after(updates: list[ActionUpdate]) -> dict[int, str]:
    """Each update's action status once it was posted, read from the status changes of those actions.

    An update that changed the status set it; any other one follows the last change before it, or,
    before any change, the status the first later change started from. One query for them all.
    """
    changes: dict[int, list[tuple]] = defaultdict(list)
    rows = (
        ActionUpdate.objects.filter(action_id__in={update.action_id for update in updates})
        .exclude(new_status="")
        .order_by("created_at", "pk")
        .values_list("action_id", "created_at", "pk", "old_status", "new_status")
    )
    for action_id, created_at, pk, old_status, new_status in rows:
        changes[action_id].append(((created_at, pk), old_status, new_status))
    result = {}
    for update in updates:
        moment = (update.created_at, update.pk)
        earlier = [change for change in changes[update.action_id] if change[0] <= moment]
        later = [change for change in changes[update.action_id] if change[0] > moment]
        if earlier:
            result[update.pk] = earlier[-1][2]
        elif later and later[0][1]:
            result[update.pk] = later[0][1]
        else:
            result[update.pk] = update.action.status
    return result


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


def summary() -> dict[str, ShownCount | int]:
    """The home page's few numbers, by the same rule (and the same querysets) as the accountability page."""
    closed = Q(status=Concern.CLOSED)
    concerns = scoped_concerns().aggregate(
        raised=Count("pk"),
        restricted_raised=Count("pk", filter=RESTRICTED_CONCERN),
        closed=Count("pk", filter=closed),
        restricted_closed=Count("pk", filter=closed & RESTRICTED_CONCERN),
    )
    done = scoped_actions().filter(status=Action.DONE)
    actions = done.aggregate(done=Count("pk"), restricted=Count("pk", filter=restricted_action_q()))
    return {
        "concerns_raised": shown_count(concerns["raised"], restricted=concerns["restricted_raised"]),
        "concerns_closed": shown_count(concerns["closed"], restricted=concerns["restricted_closed"]),
        "actions_done": shown_count(actions["done"], restricted=actions["restricted"]),
        "forums": Forum.objects.filter(active=True).count(),
    }
