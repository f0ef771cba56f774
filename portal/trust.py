"""The trust survey's public results: share agreeing per statement, per municipality and quarter.

Same scope as the rest of the accountability page: answers about public meetings of active forums.
Every share goes through `forums.privacy.shown_share` (rule 10): a cell of fewer than
SURVEY_MIN_ANSWERS answers shows neither its share nor its number. There are no totals across
municipalities or quarters: a total beside a hidden cell would give the hidden cell away by
subtraction. The page, its CSV and the open-data API all read `trust_results()`.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from forums import survey
from forums.models import Municipality
from forums.models import SurveyResponse
from forums.privacy import SurveyShare
from forums.privacy import survey_min_answers
from portal import charts
from portal import queries

# Quarters shown, as for the other trends of the page.
TREND_QUARTERS = 8
# The statement the trend chart follows: MOPAC's headline measure of confidence.
HEADLINE = "good_job"


def public_responses(*, municipality: Municipality | None = None) -> QuerySet[SurveyResponse]:
    responses = SurveyResponse.objects.filter(meeting__in=queries.public_meetings().values("pk"))
    if municipality is not None:
        responses = responses.filter(meeting__forum__municipality=municipality)
    return responses


@dataclass
class TrustResults:
    quarters: list[date]
    rows: list[survey.QuarterRow]  # one per municipality with answers in these quarters
    minimum: int

    @property
    def quarter_labels(self) -> list[tuple[date, str]]:
        return [(start, survey.quarter_label(start)) for start in self.quarters]

    def cells(self):
        """(municipality row, quarter start, quarter label, statement result) for the CSV and the API."""
        for row in self.rows:
            for start in self.quarters:
                for result in row.quarters[start].statements:
                    yield row, start, survey.quarter_label(start), result

    def tables(self) -> list[tuple[str, list[tuple[str, str, list[tuple[str, SurveyShare]]]]]]:
        """Per municipality: (short label, statement, (quarter label, its share) per quarter), for the
        page's tables; each cell carries its column's label, which names it when a phone stacks them."""
        labels = [label for _start, label in self.quarter_labels]
        return [
            (
                row.label,
                [
                    (short, statement, list(zip(labels, shares, strict=True)))
                    for short, statement, shares in row.lines()
                ],
            )
            for row in self.rows
        ]

    def headline(self) -> list[tuple[str, list[SurveyShare]]]:
        """The headline statement's share per municipality and quarter: the trend chart and its table."""
        return [
            (row.label, [row.quarters[start].share_of(HEADLINE) for start in self.quarters])
            for row in self.rows
        ]

    def headline_by_quarter(self) -> list[tuple[str, list[tuple[str, SurveyShare]]]]:
        """The same, a quarter per line: (quarter label, (municipality, its share) for each)."""
        headline = self.headline()
        return [
            (survey.quarter_label(start), [(label, shares[index]) for label, shares in headline])
            for index, start in enumerate(self.quarters)
        ]

    def chart(self) -> charts.LineChart:
        return charts.percent_lines(
            [survey.quarter_label(start) for start in self.quarters],
            [(label, [share.percent for share in shares]) for label, shares in self.headline()],
        )


def trust_results(
    *,
    municipality: Municipality | None = None,
    today: date | None = None,
    municipalities: list[Municipality] | None = None,
) -> TrustResults:
    """`municipalities`: every municipality, when the caller has read them already (one query less)."""
    quarters = survey.recent_quarters(today or timezone.localdate(), TREND_QUARTERS)
    if municipalities is None:
        municipalities = list(Municipality.objects.all())
    labels = {m.pk: (m, m.name) for m in municipalities}
    rows = survey.results_by_quarter(
        public_responses(municipality=municipality),
        by="meeting__forum__municipality_id",
        quarters=quarters,
        labels=labels,
    )
    return TrustResults(quarters=quarters, rows=rows, minimum=survey_min_answers())


def headline_statement() -> str:
    return next(str(statement) for name, statement, _short in SurveyResponse.STATEMENTS if name == HEADLINE)
