"""The trust survey after a meeting: when it is open, recording an answer, themes, and the results.

A meeting's survey opens when its minutes are first published and stays open SURVEY_OPEN_WEEKS
weeks; only public meetings of active forums have one. Answers are anonymous (no account, name,
address or time of day). Every share shown anywhere, the staff page included, goes through
`forums.privacy.shown_share` (rule 10); comments are read by the forum's secretary and chair only.

The web form (cookie, rate limit, honeypot, proof of work) is the portal's; the rules are here,
so the minutes (this app) can offer the survey and print the previous one's results.
"""

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.db.models import Exists
from django.db.models import Min
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import permissions
from forums.errors import ForumError
from forums.models import Forum
from forums.models import Meeting
from forums.models import MinutesVersion
from forums.models import SurveyResponse
from forums.privacy import SurveyShare
from forums.privacy import shown_share

# --- When a meeting's survey is open --------------------------------------------------------------


def open_period() -> timedelta:
    return timedelta(weeks=settings.SURVEY_OPEN_WEEKS)


def first_published_at(meeting: Meeting) -> datetime | None:
    """When the meeting's minutes were first published (withdrawn versions count: the offer went out)."""
    return MinutesVersion.objects.filter(minutes__meeting=meeting).aggregate(first=Min("published_at"))[
        "first"
    ]


def is_offered(meeting: Meeting) -> bool:
    """Only public meetings of active forums ask citizens; a closed meeting has no public minutes."""
    return meeting.is_public and meeting.forum.active


def closes_at(meeting: Meeting, *, published_at: datetime | None = None) -> datetime | None:
    """When the survey closes; None when it is never offered or the minutes are not out.

    `published_at` stands in for the first publication while it is being rendered.
    """
    if not is_offered(meeting):
        return None
    opened = first_published_at(meeting) or published_at
    return opened + open_period() if opened else None


def is_open(meeting: Meeting, *, now: datetime | None = None) -> bool:
    closing = closes_at(meeting)
    return closing is not None and (now or timezone.now()) < closing


# --- Recording answers -----------------------------------------------------------------------------


def record_survey_response(
    *, meeting: Meeting, answers: dict[str, int], attended: bool | None = None, comment: str = ""
) -> SurveyResponse:
    """Store one anonymous answer to an open survey.

    No `by`: the answer is anonymous by design, and nothing records who gave it.
    """
    if not is_open(meeting):
        raise ForumError(_("This survey is closed."))
    missing = [name for name in SurveyResponse.statement_fields() if name not in answers]
    if missing:
        raise ForumError(_("Choose an answer for every statement."), field=missing[0])
    with transaction.atomic():
        return SurveyResponse.objects.create(
            meeting=meeting,
            attended=attended,
            comment=comment.strip(),
            **{name: answers[name] for name in SurveyResponse.statement_fields()},
        )


def assign_theme(*, response: SurveyResponse, theme: str, by) -> SurveyResponse:
    """The secretary files a comment under a theme; setting it aside erases its text.

    Survey answers keep no change history (it would keep an erased comment), so no @records_history.
    """
    if not permissions.can_moderate_survey(by, response.meeting.forum):
        raise ForumError(_("Only the forum's secretary files survey comments."))
    if theme not in dict(SurveyResponse.THEME_CHOICES):
        raise ForumError(_("Choose a theme from the list."), field="theme")
    with transaction.atomic():
        response.theme = theme
        if theme == SurveyResponse.SET_ASIDE:
            response.comment = ""
        response.save(update_fields=["theme", "comment"])
    return response


# --- Results ---------------------------------------------------------------------------------------


@dataclass
class StatementResult:
    """One statement's share agreeing, gated by privacy rule 10."""

    field: str
    statement: str
    short: str
    share: SurveyShare


@dataclass
class Results:
    """The shares of one group of answers (a meeting, or a municipality or forum in a quarter)."""

    statements: list[StatementResult]
    total: SurveyShare  # how many answered at all: `total.answers_text` as a public surface says it

    def share_of(self, field_name: str) -> SurveyShare:
        return next(result.share for result in self.statements if result.field == field_name)


def _counts() -> dict:
    """Per statement: answers with an opinion ("don't know" is none), and of them those agreeing."""
    counts = {"responses": Count("pk")}
    for name in SurveyResponse.statement_fields():
        counts[f"{name}_answers"] = Count("pk", filter=Q(**{f"{name}__gt": SurveyResponse.DONT_KNOW}))
        counts[f"{name}_agreeing"] = Count("pk", filter=Q(**{f"{name}__gte": SurveyResponse.AGREE}))
    return counts


def _results(group: dict) -> Results:
    return Results(
        statements=[
            StatementResult(
                field=name,
                statement=str(statement),
                short=str(short),
                share=shown_share(group[f"{name}_agreeing"], group[f"{name}_answers"]),
            )
            for name, statement, short in SurveyResponse.STATEMENTS
        ],
        total=shown_share(0, group["responses"]),
    )


def results(responses: QuerySet[SurveyResponse]) -> Results:
    """The shares of all these answers together."""
    return _results(responses.aggregate(**_counts()))


def quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def quarter_label(start: date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


def recent_quarters(today: date, count: int) -> list[date]:
    """The first days of the last `count` quarters, oldest first, the current one last."""
    starts = [quarter_start(today)]
    while len(starts) < count:
        # The day before a quarter starts lies in the quarter before.
        starts.append(quarter_start(starts[-1] - timedelta(days=1)))
    return list(reversed(starts))


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value


@dataclass
class QuarterRow:
    """The results of one place (a municipality, or a forum) quarter by quarter."""

    key: object
    label: str
    quarters: dict[date, Results] = field(default_factory=dict)

    def lines(self) -> list[tuple[str, str, list[SurveyShare]]]:
        """A table of it: (short label, statement, its share in each quarter, oldest first)."""
        columns = list(self.quarters.values())
        return [
            (result.short, result.statement, [column.statements[index].share for column in columns])
            for index, result in enumerate(columns[0].statements)
        ]


def results_by_quarter(
    responses: QuerySet[SurveyResponse], *, by: str, quarters: list[date], labels: dict
) -> list[QuarterRow]:
    """Shares per place and quarter of answering, in one grouped query.

    `by` names the place (`meeting__forum__municipality_id`), `labels` maps its ids to (key, label);
    places without any answer in these quarters are left out, quarters without answers read "no answers".
    """
    since = quarters[0]
    groups = (
        responses.filter(answered_on__gte=since)
        .annotate(quarter=TruncQuarter("answered_on"))
        .values(by, "quarter")
        .annotate(**_counts())
        .order_by()
    )
    found: dict[object, dict[date, Results]] = defaultdict(dict)
    for group in groups:
        found[group[by]][_as_date(group["quarter"])] = _results(group)
    empty = _results(dict.fromkeys(_counts(), 0))
    rows = []
    for place_id, by_quarter in found.items():
        key, label = labels[place_id]
        rows.append(
            QuarterRow(
                key=key, label=label, quarters={start: by_quarter.get(start, empty) for start in quarters}
            )
        )
    return sorted(rows, key=lambda row: row.label)


# --- A meeting's survey, for the minutes and the staff page ---------------------------------------------


def previous_surveyed_meeting(meeting: Meeting) -> Meeting | None:
    """The forum's latest public meeting before this one whose minutes were published (its survey)."""
    published = MinutesVersion.objects.filter(minutes__meeting=OuterRef("pk"))
    return (
        Meeting.objects.filter(forum=meeting.forum, is_public=True, starts_at__lt=meeting.starts_at)
        .filter(Exists(published))
        .order_by("-starts_at", "-pk")
        .first()
    )


@dataclass
class MeetingSurvey:
    """A meeting's survey: until when it is open, and the answers so far."""

    meeting: Meeting
    closes_at: datetime | None
    results: Results

    @property
    def is_open(self) -> bool:
        return self.closes_at is not None and timezone.now() < self.closes_at


def meeting_survey(meeting: Meeting) -> MeetingSurvey:
    return MeetingSurvey(
        meeting=meeting, closes_at=closes_at(meeting), results=results(meeting.survey_responses.all())
    )


@dataclass
class ThemeGroup:
    """Comments of one theme, for the forum's secretary and chair."""

    code: str
    label: str
    count: int
    comments: list[SurveyResponse]


def comments_by_theme(forum: Forum) -> tuple[list[SurveyResponse], list[ThemeGroup]]:
    """The forum's comments waiting for a theme (newest first), and the filed ones grouped by theme."""
    with_comment = SurveyResponse.objects.filter(meeting__forum=forum).select_related("meeting")
    waiting = list(with_comment.filter(theme="").exclude(comment=""))
    filed: dict[str, list[SurveyResponse]] = defaultdict(list)
    for response in with_comment.exclude(theme=""):
        filed[response.theme].append(response)
    groups = [
        ThemeGroup(code=code, label=str(label), count=len(filed[code]), comments=filed[code])
        for code, label in SurveyResponse.THEME_CHOICES
        if filed.get(code)
    ]
    return waiting, groups
