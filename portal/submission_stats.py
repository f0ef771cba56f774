"""Citizens' submissions in numbers, on /accountability/: raised, accepted, declined, answered, and
the median days to an answer, per municipality and quarter (the quarter it was sent in).

Counts only, through the privacy gate (forums.privacy rules 7 and 8): a count of submissions
raised that includes restricted ones reads "fewer than N" below the threshold; what became of
restricted submissions is not counted at all, since per quarter and municipality a count of
those declined or handed to the police would tell of one person. The outcome columns and the
median are therefore of the other submissions, and the page says so.
"""

from collections import defaultdict
from dataclasses import dataclass
from dataclasses import field
from datetime import date
from datetime import datetime
from datetime import timedelta
from statistics import median

from django.db.models import BooleanField
from django.db.models import ExpressionWrapper
from django.utils import timezone

from forums import privacy
from forums.models import ConcernCategory
from forums.models import Municipality
from forums.models import Submission
from forums.models import localized_name
from forums.privacy import ShownCount
from forums.privacy import shown_count
from portal.accountability import TREND_QUARTERS
from portal.accountability import Tally

ACCEPTED = {Submission.ACCEPTED, Submission.MERGED}


def _quarter_start(day: date) -> date:
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


@dataclass
class SubmissionRow:
    """One municipality in one quarter."""

    municipality: str
    start: date
    raised: Tally = field(default_factory=Tally)
    accepted: int = 0
    declined: int = 0
    answered: int = 0
    answer_days: list[float] = field(default_factory=list, repr=False)

    @property
    def quarter(self) -> str:
        return f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}"

    @property
    def raised_shown(self) -> ShownCount:
        return self.raised.shown

    @property
    def accepted_shown(self) -> ShownCount:
        return shown_count(self.accepted, restricted=0)

    @property
    def declined_shown(self) -> ShownCount:
        return shown_count(self.declined, restricted=0)

    @property
    def answered_shown(self) -> ShownCount:
        return shown_count(self.answered, restricted=0)

    @property
    def median_days(self) -> float | None:
        return round(median(self.answer_days), 1) if self.answer_days else None


def first_quarter(today: date) -> date:
    start = _quarter_start(today)
    for _ in range(TREND_QUARTERS - 1):
        start = _quarter_start(start - timedelta(days=1))
    return start


def submission_statistics(
    *, municipality: Municipality | None = None, category: ConcernCategory | None = None
) -> list[SubmissionRow]:
    """Rows per municipality and quarter of the last TREND_QUARTERS quarters, newest quarter first: one query."""
    since = first_quarter(timezone.localdate())
    submissions = Submission.objects.filter(
        received_at__gte=timezone.make_aware(datetime.combine(since, datetime.min.time()))
    )
    if municipality is not None:
        submissions = submissions.filter(municipality=municipality)
    if category is not None:
        submissions = submissions.filter(category=category)
    restricted = ExpressionWrapper(privacy.restricted_submission_q(), output_field=BooleanField())
    rows: dict[tuple[int, date], SubmissionRow] = {}
    fields = ("municipality_id", "municipality__name_sq", "municipality__name_sr")
    fields += ("received_at", "answered_at", "status", "is_restricted")
    for (
        municipality_id,
        name_sq,
        name_sr,
        received_at,
        answered_at,
        status,
        is_restricted,
    ) in submissions.annotate(is_restricted=restricted).values_list(*fields):
        start = _quarter_start(timezone.localtime(received_at).date())
        row = rows.setdefault(
            (municipality_id, start), SubmissionRow(localized_name(name_sq, name_sr), start)
        )
        row.raised.add(1, int(bool(is_restricted)))
        if is_restricted:
            continue
        row.accepted += status in ACCEPTED
        row.declined += status == Submission.DECLINED
        if status in Submission.ANSWERED_STATUSES and answered_at is not None:
            row.answered += 1
            row.answer_days.append((answered_at - received_at).total_seconds() / 86400)
    by_quarter: dict[date, list[SubmissionRow]] = defaultdict(list)
    for row in rows.values():
        by_quarter[row.start].append(row)
    return [
        row
        for start in sorted(by_quarter, reverse=True)
        for row in sorted(by_quarter[start], key=lambda row: row.municipality)
    ]
