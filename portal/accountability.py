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
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from statistics import median

from django.db.models import BooleanField
from django.db.models import Case
from django.db.models import Count
from django.db.models import ExpressionWrapper
from django.db.models import F
from django.db.models import FloatField
from django.db.models import Func
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models import When
from django.db.models.functions import ExtractYear
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import Action
from actions.models import ActionUpdate
from forum_site.lib import public_cache
from forums import privacy
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Municipality
from forums.privacy import ShownCount
from forums.privacy import last_year_of_published_outcomes
from forums.privacy import median_is_shown
from forums.privacy import min_count
from forums.privacy import restricted_action_q
from forums.privacy import restricted_breakdown_is_shown
from forums.privacy import restricted_part_matters
from forums.privacy import shown_count
from portal import queries

# How many public events the timeline shows; older ones are in the published minutes.
TIMELINE_LENGTH = 30
# How many quarters the trend covers.
TREND_QUARTERS = 8

RESTRICTED_CONCERN = Q(visibility=Concern.RESTRICTED)


def concern_scope_q(
    prefix: str = "", *, municipality: Municipality | None = None, category: ConcernCategory | None = None
) -> Q:
    """Concerns counted here: of public meetings of active forums, optionally narrowed; `prefix` reaches
    them through a relation. A join, not `meeting__in` a subquery: the database groups 100,000 rows
    in one pass."""
    scope = queries.public_meeting_q(f"{prefix}meeting__")
    if municipality is not None:
        scope &= Q(**{f"{prefix}meeting__forum__municipality": municipality})
    if category is not None:
        scope &= Q(**{f"{prefix}category": category})
    return scope


def scoped_concerns(*, municipality: Municipality | None = None, category: ConcernCategory | None = None):
    """Concerns counted here: of public meetings of active forums, optionally narrowed."""
    return Concern.objects.filter(concern_scope_q(municipality=municipality, category=category))


def scoped_actions(*, municipality: Municipality | None = None, category: ConcernCategory | None = None):
    """Actions counted here: of public meetings of active forums, optionally narrowed."""
    actions = Action.objects.filter(queries.public_meeting_q("meeting__"))
    if municipality is not None:
        actions = actions.filter(meeting__forum__municipality=municipality)
    if category is not None:
        actions = actions.filter(concern__category=category)
    return actions


class SecondsBetween(Func):
    """Seconds from one date-time column to another, as a number (SQLite and PostgreSQL)."""

    output_field = FloatField()

    def __init__(self, start: str, end: str):
        super().__init__(F(start), F(end))

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "((julianday(%(end)s) - julianday(%(start)s)) * 86400.0)"
        return self._two_columns(compiler, connection, template)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self._two_columns(compiler, connection, "EXTRACT(EPOCH FROM (%(end)s - %(start)s))::float")

    def _two_columns(self, compiler, connection, template: str):
        (start, start_params), (end, end_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )
        return template % {"start": start, "end": end}, (*start_params, *end_params)


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
class Lookups:
    """The municipalities and categories the numbers are labelled with (and the filter offers)."""

    municipalities: list[Municipality]
    categories: list[ConcernCategory]

    @classmethod
    def read(cls) -> "Lookups":
        return cls(list(Municipality.objects.order_by("name_sq")), list(ConcernCategory.objects.all()))


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
    *,
    municipality: Municipality | None = None,
    category: ConcernCategory | None = None,
    lookups: "Lookups | None" = None,
) -> Statistics:
    """Every number of the accountability page, in a fixed number of queries (four grouped ones).

    `lookups`: the municipalities and categories, when the caller has read them already.
    """
    today = timezone.localdate()
    concerns = scoped_concerns(municipality=municipality, category=category)
    actions = scoped_actions(municipality=municipality, category=category)

    lookups = lookups or Lookups.read()
    municipalities = {m.pk: m for m in lookups.municipalities}
    categories = {c.pk: c for c in lookups.categories}
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

    quarters = _quarter_rows(today)
    since = timezone.make_aware(datetime.combine(quarters[0].start, datetime.min.time()))
    concern_groups, closing_groups, raised_in_quarters = _concern_groups(concerns, since)
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

    # Medians cannot be computed portably in SQL (SQLite has none): read the durations and do it here.
    # The database subtracts the dates, so each row is a few numbers: reading two time stamps with time
    # zones per action cost a second at 100,000 actions. The same rows give the actions done per quarter.
    completed = (
        actions.filter(status=Action.DONE, completed_at__isnull=False)
        .annotate(
            restricted=ExpressionWrapper(restricted, output_field=BooleanField()),
            seconds=SecondsBetween("created_at", "completed_at"),
            quarter=Case(When(completed_at__gte=since, then=TruncQuarter("completed_at"))),
        )
        .values_list(
            "meeting__forum__municipality_id", "concern__category_id", "seconds", "restricted", "quarter"
        )
    )
    by_quarter = {quarter.start: quarter for quarter in quarters}
    for municipality_id, category_id, seconds, is_restricted, quarter in completed:
        days = max(seconds / 86400, 0.0)
        for row in (total, municipality_row(municipality_id), category_row(category_id)):
            row.add_completion(days, restricted=bool(is_restricted))
        if quarter is not None and _as_date(quarter) in by_quarter:
            by_quarter[_as_date(quarter)].done.add(1, 1 if is_restricted else 0)
    for start, (count, restricted_count) in raised_in_quarters.items():
        if start in by_quarter:
            by_quarter[start].raised.add(count, restricted_count)

    last_outcome_year = last_year_of_published_outcomes(today)
    public_reasons, restricted_closings = _closings(
        closing_groups, municipalities, categories, last_outcome_year
    )
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
        quarters=quarters,
        minimum=min_count(),
    )


def _concern_groups(
    concerns: QuerySet[Concern], since: datetime
) -> tuple[list[dict], list[dict], dict[date, tuple[int, int]]]:
    """From one grouped query: the concerns' numbers per municipality and category, their closings,
    and (count, restricted) raised in each quarter since `since`.

    Grouped finely enough for all three (visibility, status, escalation, closing reason, year closed,
    quarter raised if recent): the groups are bounded by the number of municipalities, categories,
    years and trend quarters, never by the number of concerns.
    """
    # The year closed matters only for restricted closings (see _closings): SQLite works it out in
    # Python, row by row, which for every concern took a third of the page's first hit.
    restricted_closing = Q(visibility=Concern.RESTRICTED, status=Concern.CLOSED) & ~Q(closing_reason="")
    rows = (
        concerns.annotate(
            year=Case(When(restricted_closing, then=ExtractYear("closed_at"))),
            escalated=ExpressionWrapper(Q(escalated_to__isnull=False), output_field=BooleanField()),
            quarter=Case(When(created_at__gte=since, then=TruncQuarter("created_at"))),
        )
        .values(
            "meeting__forum__municipality_id",
            "category_id",
            "visibility",
            "status",
            "escalated",
            "closing_reason",
            "year",
            "quarter",
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    numbers: dict[tuple[int, int], dict] = {}
    closings = []
    raised_in_quarters: dict[date, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for row in rows:
        key = (row["meeting__forum__municipality_id"], row["category_id"])
        group = numbers.setdefault(
            key,
            dict.fromkeys(
                [
                    "raised",
                    "restricted_raised",
                    "closed",
                    "restricted_closed",
                    "escalated",
                    "restricted_escalated",
                ],
                0,
            )
            | {"meeting__forum__municipality_id": key[0], "category_id": key[1]},
        )
        count, is_restricted = row["count"], row["visibility"] == Concern.RESTRICTED
        facts = {
            "raised": True,
            "closed": row["status"] == Concern.CLOSED,
            "escalated": bool(row["escalated"]),
        }
        for name, holds in facts.items():
            if holds:
                group[name] += count
                group[f"restricted_{name}"] += count if is_restricted else 0
        if row["status"] == Concern.CLOSED and row["closing_reason"]:
            closings.append(row)
        if row["quarter"] is not None:
            count_so_far, restricted_so_far = raised_in_quarters[_as_date(row["quarter"])]
            raised_in_quarters[_as_date(row["quarter"])] = (
                count_so_far + count,
                restricted_so_far + (count if is_restricted else 0),
            )
    return list(numbers.values()), closings, dict(raised_in_quarters)


def _closings(
    groups: list[dict], municipalities: dict, categories: dict, last_year: int
) -> tuple[dict[str, int], list[RestrictedClosings]]:
    """Closing reasons: public concerns' per reason (they are public one by one in the timeline
    anyway), restricted concerns' per municipality, category and ended year.

    Restricted ones never join the public table: a count that mixes them with public concerns,
    whose closings anyone can list, gives the restricted part by subtraction.
    """
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


def _quarter_rows(today: date) -> list[Quarter]:
    """The last TREND_QUARTERS quarters, oldest first, still empty."""
    starts = [_quarter_start(today)]
    while len(starts) < TREND_QUARTERS:
        # The day before a quarter starts lies in the quarter before.
        starts.append(_quarter_start(starts[-1] - timedelta(days=1)))
    return [Quarter(start=start) for start in reversed(starts)]


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
    has_minutes: bool = False  # the meeting where it was raised has minutes the public may read


def public_timeline(
    *, municipality: Municipality | None = None, category: ConcernCategory | None = None
) -> list[Event]:
    """Public updates and closings of PUBLIC concerns, newest first. Nothing of a restricted concern."""
    concerns = scoped_concerns(municipality=municipality, category=category).filter(
        privacy.public_concern_q()
    )
    of_public_concerns = concern_scope_q(
        "action__concern__", municipality=municipality, category=category
    ) & privacy.public_concern_q("action__concern__")
    updates = list(
        ActionUpdate.objects.filter(privacy.public_update_q(), of_public_concerns)
        .select_related(
            "action__concern__category",
            "action__concern__meeting__forum__municipality",
            "action__concern__escalated_to__meeting__forum",
        )
        .annotate(
            has_minutes=queries.readable_minutes_exist("action__concern__meeting_id"),
            **status_then_annotations(),
        )
        .order_by("-created_at", "-pk")[:TIMELINE_LENGTH]
    )
    closed = (
        concerns.filter(status=Concern.CLOSED, closed_at__isnull=False)
        .select_related("category", "meeting__forum__municipality", "escalated_to__meeting__forum")
        .annotate(has_minutes=queries.readable_minutes_exist("meeting_id"))
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
            status=str(
                status_labels.get(update.status_then or update.status_before_next or update.action.status, "")
            ),
            status_changed=bool(update.new_status),
            has_minutes=update.has_minutes,
        )
        for update in updates
    ]
    events += [
        Event(when=concern.closed_at, kind="closed", concern=concern, has_minutes=concern.has_minutes)
        for concern in closed
    ]
    events.sort(key=lambda event: event.when, reverse=True)
    return events[:TIMELINE_LENGTH]


def status_then_annotations() -> dict:
    """Each update's action status once it was posted, as columns of the update's own query.

    An update that changed the status set it (`status_then`); any other one follows the last change
    before it, or, before any change, the status the first later change started from
    (`status_before_next`); with no change at all, the action's status now.
    """
    changes = ActionUpdate.objects.filter(action_id=OuterRef("action_id")).exclude(new_status="")
    at_or_before = Q(created_at__lt=OuterRef("created_at")) | Q(
        created_at=OuterRef("created_at"), pk__lte=OuterRef("pk")
    )
    return {
        "status_then": Subquery(
            changes.filter(at_or_before).order_by("-created_at", "-pk").values("new_status")[:1]
        ),
        "status_before_next": Subquery(
            changes.exclude(at_or_before).order_by("created_at", "pk").values("old_status")[:1]
        ),
    }


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
    # The council's end in the same scope, as a join: escalations are few, and the unique index on
    # `escalated_to` finds them without reading every concern.
    council_end = concern_scope_q("escalated_to__", municipality=municipality, category=category)
    pairs = (
        concerns.filter(council_end & privacy.public_concern_q("escalated_to__"), escalated_to__isnull=False)
        .select_related("category", "meeting__forum", "escalated_to__meeting__forum")
        .annotate(
            committee_minutes=queries.readable_minutes_exist("meeting_id"),
            council_minutes=queries.readable_minutes_exist("escalated_to__meeting_id"),
        )
        .order_by("-closed_at", "-pk")[:TIMELINE_LENGTH]
    )
    return [
        Escalation(
            committee_concern=concern,
            council_concern=concern.escalated_to,
            committee_minutes=concern.committee_minutes,
            council_minutes=concern.council_minutes,
        )
        for concern in pairs
    ]


def summary() -> dict[str, ShownCount | int]:
    """The home page's few numbers, by the same rule (and the same querysets) as the accountability page."""
    closed = Q(status=Concern.CLOSED)
    # Every concern has its meeting: counting that column rather than the key, PostgreSQL counts from
    # the index concern_meeting_counts alone.
    concerns = scoped_concerns().aggregate(
        raised=Count("meeting"),
        restricted_raised=Count("meeting", filter=RESTRICTED_CONCERN),
        closed=Count("meeting", filter=closed),
        restricted_closed=Count("meeting", filter=closed & RESTRICTED_CONCERN),
    )
    done = scoped_actions().filter(status=Action.DONE)
    done_count = done.count()
    # Whether an action is restricted depends on its concern and responsible body: joining them for
    # every action done doubled the home page's first hit. Rule 7 asks only below the minimum.
    restricted_done = done.filter(restricted_action_q()).count() if restricted_part_matters(done_count) else 0
    return {
        "concerns_raised": shown_count(concerns["raised"], restricted=concerns["restricted_raised"]),
        "concerns_closed": shown_count(concerns["closed"], restricted=concerns["restricted_closed"]),
        "actions_done": shown_count(done_count, restricted=restricted_done),
        "forums": Forum.objects.filter(active=True).count(),
    }


def cached_statistics(
    *,
    municipality: Municipality | None = None,
    category: ConcernCategory | None = None,
    lookups: Lookups | None = None,
) -> Statistics:
    """`statistics()`, computed once per change of the public records (and per day: overdue moves)."""
    name = (
        f"statistics:{timezone.localdate()}:{getattr(municipality, 'pk', '')}:{getattr(category, 'pk', '')}"
    )
    return public_cache.remember(
        name, lambda: statistics(municipality=municipality, category=category, lookups=lookups)
    )


def cached_summary() -> dict[str, ShownCount | int]:
    """`summary()`, computed once per change of the public records."""
    return public_cache.remember("summary", summary)
