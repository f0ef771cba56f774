"""Finding 11: small counts of restricted concerns on the accountability page, its charts and its CSV.

The export for one municipality and the domestic-violence category gave six concerns with their
closing reasons (4 / 1 / 1), the median days and quarters counting 1; comparing exports over time
told how one case was closed. Now a count that includes restricted concerns is exact only from
PRIVACY_MIN_COUNT (3) up, and how restricted concerns were closed is shown only per municipality,
category and ended year, broken down only when every reason counts none or at least 3.
"""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from forums import privacy
from forums.models import Concern
from tests import factories
from tests.minutes_support import past_meeting

URL = reverse("portal:accountability")
CSV_URL = reverse("portal:accountability_csv")
REASON_CODES = [code for code, _label in Concern.CLOSING_REASON_CHOICES]


def last_year() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(timezone.localdate().year - 1, 6, 15, 12))


def restricted_concern(meeting, category, *, reason: str = "", closed_at=None) -> Concern:
    concern = factories.ConcernFactory(meeting=meeting, category=category, visibility=Concern.RESTRICTED)
    if reason:
        Concern.objects.filter(pk=concern.pk).update(
            status=Concern.CLOSED, closing_reason=reason, closed_at=closed_at or timezone.now()
        )
    return concern


def done_action(meeting, concern, body, *, days: int) -> Action:
    action = factories.ActionFactory(meeting=meeting, concern=concern, responsible_body=body)
    now = timezone.now()
    Action.objects.filter(pk=action.pk).update(
        status=Action.DONE, created_at=now - datetime.timedelta(days=days), completed_at=now
    )
    return action


def csv_rows(client, query: dict) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get(CSV_URL, query).content.decode("utf-8-sig"))))


def exact_small_numbers_in(body: str) -> list[str]:
    """Every 1 or 2 the page prints as a number: in a table cell, a chart's text or a bar's title."""
    cells = re.findall(r'class="num">\s*([12])\s*<', body)
    drawn = [
        hit for svg in re.findall(r"<svg.*?</svg>", body, re.S) for hit in re.findall(r"(?:: |>)([12])<", svg)
    ]
    return cells + drawn


@pytest.fixture
def two_cases(forum, other_forum, category, restricted_category, police_unit):
    """One municipality with two restricted domestic-violence concerns, closed last year for different
    reasons, one action done on them; public traffic concerns around them keep other numbers large."""
    meeting = past_meeting(forum, days_ago=20)
    for _index in range(4):
        factories.ConcernFactory(meeting=meeting, category=category)
    first = restricted_concern(meeting, restricted_category, reason=Concern.RESOLVED, closed_at=last_year())
    restricted_concern(meeting, restricted_category, reason=Concern.NO_FURTHER_ACTION, closed_at=last_year())
    done_action(meeting, first, police_unit, days=9)
    factories.ConcernFactory(meeting=past_meeting(other_forum, days_ago=5), category=category)
    return meeting


def test_finding_11_two_restricted_concerns_of_a_category_never_show_as_an_exact_number(
    client, forum, restricted_category, two_cases
):
    both = {"municipality": forum.municipality_id, "category": restricted_category.pk}

    body = client.get(URL, both).content.decode()
    rows = csv_rows(client, both)

    assert exact_small_numbers_in(body) == []
    assert "fewer than 3" in body
    assert {row["value"] for row in rows} <= {"0", "<3", ""}
    # The two closings are one row of last year, not broken down: nothing tells which was which.
    restricted_reasons = {
        (row["name"], row["measure"], row["value"])
        for row in rows
        if row["table"] == "closing_reason_restricted"
    }
    name = f"{forum.municipality.name} / {last_year().year} / Domestic violence"
    assert restricted_reasons == {(name, "concerns_closed", "<3")} | {
        (name, code, "") for code in REASON_CODES
    }
    assert "Not broken down: a reason counts fewer than 3." in body

    # Without the category filter the municipality's numbers are large, and the category's row is not.
    rows = csv_rows(client, {"municipality": forum.municipality_id})
    category_row = {row["measure"]: row["value"] for row in rows if row["name"] == "Domestic violence"}
    assert category_row == {
        "concerns_raised": "<3",
        "concerns_closed": "<3",
        "concerns_escalated": "0",
        "actions_done": "<3",
        "actions_open": "0",
        "actions_overdue": "0",
        "median_days": "",
    }
    assert {
        row["value"] for row in rows if row["table"] == "total" and row["measure"] == "concerns_raised"
    } == {"6"}


def test_finding_11_closing_reasons_of_a_restricted_category_are_never_per_quarter(
    client, forum, restricted_category
):
    meeting = past_meeting(forum, days_ago=20)
    for _index in range(3):
        restricted_concern(meeting, restricted_category, reason=Concern.RESOLVED, closed_at=last_year())
    # Closed this year: its year has not ended, so nothing tells how it was closed yet.
    restricted_concern(meeting, restricted_category, reason=Concern.REFERRED)

    rows = csv_rows(client, {"category": restricted_category.pk})
    body = client.get(URL, {"category": restricted_category.pk}).content.decode()

    reasons = {
        (row["name"], row["measure"]): row["value"]
        for row in rows
        if row["table"] == "closing_reason_restricted"
    }
    name = f"{forum.municipality.name} / {last_year().year} / Domestic violence"
    assert reasons == {
        (name, "concerns_closed"): "3",
        (name, "resolved"): "3",
        (name, "referred"): "0",
        (name, "not_our_competence"): "0",
        (name, "no_further_action"): "0",
    }
    # The public table counts public concerns only; the quarters count concerns raised, never reasons.
    assert {row["value"] for row in rows if row["table"] == "closing_reason_public"} == {"0"}
    assert {row["measure"] for row in rows if row["table"] == "quarter"} == {
        "concerns_raised",
        "actions_done",
    }
    assert str(timezone.localdate().year) + "</td>" not in body


def test_finding_11_four_one_one_is_shown_as_six_closed_without_reasons(client, forum, restricted_category):
    meeting = past_meeting(forum, days_ago=20)
    for reason in [Concern.RESOLVED] * 4 + [Concern.REFERRED, Concern.NO_FURTHER_ACTION]:
        restricted_concern(meeting, restricted_category, reason=reason, closed_at=last_year())

    rows = csv_rows(client, {"municipality": forum.municipality_id, "category": restricted_category.pk})

    reasons = {row["measure"]: row["value"] for row in rows if row["table"] == "closing_reason_restricted"}
    assert reasons == {"concerns_closed": "6"} | dict.fromkeys(REASON_CODES, "")


@pytest.mark.parametrize(("restricted", "shown", "in_csv"), [(2, "fewer than 3", "<3"), (3, "3", "3")])
def test_a_count_of_restricted_concerns_is_exact_from_three_up(
    client, forum, restricted_category, restricted, shown, in_csv
):
    meeting = past_meeting(forum, days_ago=20)
    for _index in range(restricted):
        restricted_concern(meeting, restricted_category)
    query = {"category": restricted_category.pk}

    numbers = client.get(URL, query).context["numbers"]
    rows = csv_rows(client, query)

    assert str(numbers.total.concerns_raised) == shown
    assert str(numbers.quarters[-1].concerns_raised) == shown
    assert {(row["table"], row["measure"]): row["value"] for row in rows}[
        ("total", "concerns_raised")
    ] == in_csv


def test_a_small_count_of_public_concerns_stays_exact(client, forum, category):
    factories.ConcernFactory(meeting=past_meeting(forum, days_ago=20), category=category)

    rows = csv_rows(client, {"category": category.pk})

    assert {(row["table"], row["measure"]): row["value"] for row in rows}[("total", "concerns_raised")] == "1"


@pytest.mark.parametrize(("actions", "median"), [(2, None), (3, 4.0)])
def test_a_median_of_fewer_than_three_restricted_actions_is_not_shown(
    client, forum, restricted_category, police_unit, actions, median
):
    meeting = past_meeting(forum, days_ago=20)
    concern = restricted_concern(meeting, restricted_category)
    for days in (2, 4, 10)[:actions]:
        done_action(meeting, concern, police_unit, days=days)

    response = client.get(URL, {"category": restricted_category.pk})
    rows = csv_rows(client, {"category": restricted_category.pk})

    assert response.context["numbers"].total.median_days == median
    assert response.context["numbers"].total.median_withheld is (median is None)
    assert {(row["table"], row["measure"]): row["value"] for row in rows}[("total", "median_days")] == (
        "" if median is None else str(median)
    )


def test_the_home_page_summary_shows_small_restricted_counts_as_fewer_than_three(
    client, forum, restricted_category
):
    meeting = past_meeting(forum, days_ago=20)
    restricted_concern(meeting, restricted_category, reason=Concern.RESOLVED)
    restricted_concern(meeting, restricted_category)

    body = client.get(reverse("portal:home")).content.decode()

    stats = dict(re.findall(r'<dt>([^<]+)</dt><dd class="num">([^<]+)</dd>', body))
    assert stats == {
        "Concerns raised": "fewer than 3",
        "Concerns closed": "fewer than 3",
        "Actions done": "0",
        "Active forums": "1",
    }


# --- The gate's rules ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "restricted", "suppressed"),
    [(0, 0, False), (1, 0, False), (2, 0, False), (1, 1, True), (2, 1, True), (3, 1, False), (3, 3, False)],
)
def test_shown_count_suppresses_only_small_counts_with_a_restricted_concern(count, restricted, suppressed):
    shown = privacy.shown_count(count, restricted=restricted)

    assert shown.suppressed is suppressed
    assert str(shown) == ("fewer than 3" if suppressed else str(count))
    assert shown.csv == ("<3" if suppressed else str(count))


def test_the_threshold_is_a_setting(settings):
    settings.PRIVACY_MIN_COUNT = 5

    assert str(privacy.shown_count(4, restricted=1)) == "fewer than 5"
    assert not privacy.restricted_breakdown_is_shown([5, 4])


@pytest.mark.parametrize(
    ("parts", "shown"), [([0, 0], True), ([3, 0, 7], True), ([4, 1, 1], False), ([2], False), ([3, 2], False)]
)
def test_a_breakdown_of_restricted_concerns_needs_every_part_zero_or_three(parts, shown):
    assert privacy.restricted_breakdown_is_shown(parts) is shown


def test_outcomes_are_published_for_ended_years_only():
    assert privacy.last_year_of_published_outcomes(datetime.date(2026, 1, 1)) == 2025
    assert privacy.last_year_of_published_outcomes(datetime.date(2026, 12, 31)) == 2025
