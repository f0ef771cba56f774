"""The trust survey's results on /accountability/, in its CSV and in the open-data API: per municipality
and quarter, n shown, cells below the minimum suppressed, no totals, comments never."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import SurveyResponse
from portal import charts
from portal import trust
from tests import factories
from tests.minutes_support import past_meeting

COMMENT = "Polici më foli me respekt MRK7c2e"


@pytest.fixture
def answered(forum, other_forum, settings):
    """This quarter: 9 answers in the home municipality, 10 in the other (one disagreeing)."""
    settings.SURVEY_MIN_ANSWERS = 10
    home, away = past_meeting(forum, days_ago=0), past_meeting(other_forum, days_ago=0)
    for _n in range(9):
        factories.SurveyResponseFactory(meeting=home, comment=COMMENT)
    for n in range(10):
        factories.SurveyResponseFactory(meeting=away, good_job=SurveyResponse.DISAGREE if n == 0 else 4)
    return home, away


def test_a_municipality_quarter_of_nine_is_suppressed_and_one_of_ten_is_shown(answered, forum, other_forum):
    results = trust.trust_results()
    current = results.quarters[-1]
    shares = {row.label: row.quarters[current].share_of("good_job") for row in results.rows}

    assert shares[forum.municipality.name].suppressed
    assert shares[forum.municipality.name].percent is None
    assert (shares[other_forum.municipality.name].percent, shares[other_forum.municipality.name].answers) == (
        90,
        10,
    )


def test_the_page_shows_the_shares_with_n_and_says_what_the_sample_is(client, answered):
    body = client.get(reverse("portal:accountability")).content.decode()

    assert "Trust in the police and the municipality" in body
    assert "a self-selected sample, not a representative poll" in body
    assert '90% <span class="small muted">n&nbsp;=&nbsp;10</span>' in body
    assert "fewer than 10 answers" in body
    assert COMMENT not in body


def test_the_municipality_filter_narrows_the_survey_results(client, answered, forum, other_forum):
    response = client.get(reverse("portal:accountability"), {"municipality": other_forum.municipality_id})
    assert [row.label for row in response.context["trust"].rows] == [other_forum.municipality.name]


def test_closed_meetings_answers_are_not_counted(forum, settings):
    settings.SURVEY_MIN_ANSWERS = 1
    closed = past_meeting(forum, days_ago=0, is_public=False)
    factories.SurveyResponseFactory(meeting=closed)

    assert trust.trust_results().rows == []


def test_the_chart_draws_no_point_for_a_suppressed_share_and_breaks_its_line():
    chart = charts.percent_lines(["2026 Q1", "2026 Q2", "2026 Q3"], [("Prishtinë", [80, None, 60])])

    [series] = chart.series
    assert len(series.points) == 2
    assert len(series.runs) == 2  # no line drawn across the hidden quarter
    assert [label for _y, label in chart.gridlines] == ["0%", "25%", "50%", "75%", "100%"]


def test_the_csv_has_the_same_aggregates_suppressed_the_same_way(client, answered, forum, other_forum):
    response = client.get(reverse("portal:accountability_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    quarter = trust.trust_results().quarter_labels[-1][1]
    survey_rows = {(name, measure): value for table, name, measure, value in rows if table == "trust_survey"}

    hidden = f"{forum.municipality.name} / {quarter} / good_job"
    shown = f"{other_forum.municipality.name} / {quarter} / good_job"
    assert survey_rows[hidden, "answers"] == "<10"
    assert survey_rows[hidden, "share_agreeing"] == ""
    assert survey_rows[shown, "answers"] == "10"
    assert survey_rows[shown, "share_agreeing"] == "0.9"
    assert COMMENT not in response.content.decode("utf-8-sig")


def test_the_api_gives_the_survey_aggregates_suppressed_the_same_way(client, answered, forum, other_forum):
    data = client.get(reverse("api:statistics")).json()["trust_survey"]
    quarter = trust.trust_results().quarter_labels[-1][1]
    cells = {
        (cell["municipality"]["slug"], cell["statement"]): cell
        for cell in data["cells"]
        if cell["quarter"] == quarter
    }

    assert data["minimum"] == 10
    assert [statement["code"] for statement in data["statements"]] == SurveyResponse.statement_fields()
    hidden = cells[forum.municipality.slug, "good_job"]
    assert (hidden["suppressed"], hidden["answers"], hidden["share_agreeing"]) == (True, None, None)
    shown = cells[other_forum.municipality.slug, "good_job"]
    assert (shown["suppressed"], shown["answers"], shown["share_agreeing"]) == (False, 10, 0.9)


def test_answers_are_grouped_by_the_quarter_they_were_given_in(forum, settings):
    settings.SURVEY_MIN_ANSWERS = 1
    today = timezone.localdate()
    meeting = past_meeting(forum, days_ago=0)
    factories.SurveyResponseFactory(meeting=meeting, answered_on=today)
    factories.SurveyResponseFactory(meeting=meeting, answered_on=today.replace(year=today.year - 1))

    [row] = trust.trust_results().rows
    counted = [row.quarters[start].share_of("good_job").answers for start in trust.trust_results().quarters]

    assert counted[-1] == 1 and counted[-5] == 1 and sum(counted) == 2
