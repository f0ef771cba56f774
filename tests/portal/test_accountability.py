"""/accountability/: numbers that add up, restricted concerns counted but never shown, charts without JavaScript."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from forums import services
from forums.models import Concern, Forum
from portal import accountability
from tests import factories
from tests.minutes_support import past_meeting

URL = reverse("portal:accountability")
CSV_URL = reverse("portal:accountability_csv")
SECRET = "MRKACCOUNT7f2e"


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def town(forum, other_forum, category, restricted_category, police_unit, police_liaison, secretary):
    """Two municipalities; public and restricted concerns; done, open and overdue actions; a closed meeting."""
    traffic = category
    violence = restricted_category
    meeting = past_meeting(forum, days_ago=40)
    speeding = factories.ConcernFactory(
        meeting=meeting, category=traffic, summary="Cars speed near the school"
    )
    lights = factories.ConcernFactory(meeting=meeting, category=traffic, summary="Street lights are broken")
    hidden = factories.ConcernFactory(
        meeting=meeting,
        category=violence,
        visibility=Concern.RESTRICTED,
        summary=SECRET,
        details=SECRET,
        neighbourhood=SECRET,
    )
    patrol = factories.ActionFactory(
        meeting=meeting,
        concern=speeding,
        title="Patrol at 07:30",
        responsible_body=police_unit,
        assignee=police_liaison,
    )
    action_services.post_update(
        action=patrol,
        by=police_liaison,
        note="Patrols run every school day",
        new_status=Action.DONE,
        is_public=True,
    )
    action_services.post_update(
        action=patrol, by=police_liaison, note="Internal remark on staffing", is_public=False
    )
    secret_action = factories.ActionFactory(
        meeting=meeting, concern=hidden, title=SECRET, description=SECRET, responsible_body=police_unit
    )
    action_services.post_update(action=secret_action, by=police_liaison, note=SECRET, new_status=Action.DONE)
    factories.ActionFactory(
        meeting=meeting,
        concern=lights,
        responsible_body=police_unit,
        due_date=timezone.localdate() - datetime.timedelta(days=2),
    )
    factories.ActionFactory(meeting=meeting, concern=lights, responsible_body=police_unit)
    services.close_concern(concern=speeding, by=secretary, reason=Concern.RESOLVED)
    services.close_concern(concern=hidden, by=secretary, reason=Concern.REFERRED, referred_to=SECRET)

    other_meeting = past_meeting(other_forum, days_ago=5)
    factories.ConcernFactory(meeting=other_meeting, category=traffic, summary="Bus stop without shelter")

    closed_meeting = past_meeting(forum, days_ago=3, is_public=False)
    factories.ConcernFactory(meeting=closed_meeting, category=traffic, summary="Said behind closed doors")
    return {"speeding": speeding, "lights": lights, "hidden": hidden, "meeting": meeting}


def test_numbers_per_category_and_per_municipality_add_up_to_the_concerns_raised(town):
    numbers = accountability.statistics()

    assert numbers.total.raised.total == 4
    assert sum(row.raised.total for row in numbers.by_category) == numbers.total.raised.total
    assert sum(row.raised.total for row in numbers.by_municipality) == numbers.total.raised.total
    for tally in ("done", "open", "overdue"):
        assert (
            sum(getattr(row, tally).total for row in numbers.by_category)
            == getattr(numbers.total, tally).total
        )
    # The public table counts the public concern closed; the restricted one closed this year waits for the year's end.
    assert numbers.total.closed.total == 2
    assert sum(count.value for _code, _label, count in numbers.closing_reasons) == 1
    assert numbers.restricted_closings == []


def test_restricted_concerns_are_counted_and_a_closed_meeting_is_left_out(town, restricted_category):
    numbers = accountability.statistics()
    by_category = {row.key: row for row in numbers.by_category}

    assert by_category[restricted_category].raised == accountability.Tally(total=1, restricted=1)
    assert by_category[restricted_category].done == accountability.Tally(total=1, restricted=1)
    assert (numbers.total.done.total, numbers.total.open.total, numbers.total.overdue.total) == (2, 1, 1)


def test_median_days_to_completion(forum, police_unit, police_liaison):
    meeting = past_meeting(forum, days_ago=30)
    now = timezone.now()
    for days in (2, 4, 10):
        action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, status=Action.DONE)
        Action.objects.filter(pk=action.pk).update(
            created_at=now - datetime.timedelta(days=days), completed_at=now
        )

    assert accountability.statistics().total.median_days == 4.0


def test_filters_narrow_the_numbers_to_a_municipality_and_a_category(
    town, other_forum, category, restricted_category
):
    assert accountability.statistics(municipality=other_forum.municipality).total.raised.total == 1
    assert accountability.statistics(category=restricted_category).total.raised.total == 1
    assert accountability.statistics(category=category).total.raised.total == 3


def test_the_trend_counts_concerns_raised_this_quarter(town):
    quarters = accountability.statistics().quarters
    assert len(quarters) == accountability.TREND_QUARTERS
    assert sum(q.raised.total for q in quarters) == 4
    assert sum(q.done.total for q in quarters) == 2
    assert quarters[-1].start <= timezone.localdate()


def test_the_citizen_sees_the_public_update_and_the_closing_reason(client, english, town):
    body = client.get(URL).content.decode()

    assert "Patrols run every school day" in body
    assert "Cars speed near the school" in body
    assert "Concern closed: Resolved" in body
    assert "Internal remark on staffing" not in body
    assert "Said behind closed doors" not in body


def test_nothing_of_a_restricted_concern_reaches_the_page_or_the_csv(
    client, town, category, restricted_category
):
    for query in (
        {},
        {"category": restricted_category.pk},
        {"municipality": town["meeting"].forum.municipality_id},
    ):
        assert SECRET not in client.get(URL, query).content.decode()
        assert SECRET not in client.get(CSV_URL, query).content.decode("utf-8-sig")


def test_charts_are_inline_svg_with_a_title_and_a_table_beside_them_and_no_script(client, english, town):
    body = client.get(URL).content.decode()

    assert body.count('<svg class="chart"') == 3
    assert body.count('role="img"') == 3
    assert '<title id="chart-categories-title">' in body
    assert "<table" in body
    assert "<script" not in body
    assert 'style="' not in body


def test_the_csv_has_the_aggregates_only(client, town):
    response = client.get(CSV_URL)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    total = {row["measure"]: row["value"] for row in rows if row["table"] == "total"}
    assert total["concerns_raised"] == "4"
    by_category = {
        row["name"]: row["value"]
        for row in rows
        if row["table"] == "category" and row["measure"] == "concerns_raised"
    }
    assert by_category == {"Traffic safety": "3", "Domestic violence": "<3"}
    assert not any("Cars speed" in value for row in rows for value in row.values())


def test_a_bad_filter_value_shows_an_error_and_the_unfiltered_numbers(client, english, town):
    response = client.get(URL, {"municipality": "999999", "category": "abc"})
    assert response.status_code == 200
    assert response.context["numbers"].total.raised.total == 4
    assert response.context["form"].errors


def test_an_escalated_public_concern_is_shown_with_both_forums(client, english, forum, category, secretary):
    lpsc = factories.ForumFactory(
        municipality=forum.municipality, kind=Forum.LPSC, name="KLSP Lagjja", slug="klsp"
    )
    lpsc_secretary = factories.UserFactory(username="lpsc-secretary")
    factories.MembershipFactory(user=lpsc_secretary, forum=lpsc, role="secretary")
    factories.MeetingFactory(forum=forum, number=7, starts_at=timezone.now() + datetime.timedelta(days=5))
    original = factories.ConcernFactory(
        meeting=past_meeting(lpsc, days_ago=2), category=category, summary="Underpass is dark"
    )
    services.escalate_concern(concern=original, by=lpsc_secretary)

    body = client.get(URL).content.decode()

    assert "Escalated to the municipal council" in body
    assert "KLSP Lagjja" in body and "KKSB Prishtinë" in body


def test_the_home_page_summary_counts_by_the_same_rule(client, town):
    response = client.get(reverse("portal:home"))
    summary = response.context["summary"]
    numbers = accountability.statistics()
    assert (summary["concerns_raised"], summary["concerns_closed"], summary["actions_done"]) == (
        numbers.total.concerns_raised,
        numbers.total.concerns_closed,
        numbers.total.actions_done,
    )


@pytest.mark.parametrize("size", [1, 8])
def test_query_count_does_not_grow_with_rows(
    client,
    forum,
    category,
    restricted_category,
    police_unit,
    police_liaison,
    size,
    django_assert_max_num_queries,
):
    for n in range(size):
        meeting = past_meeting(forum, days_ago=10 + n)
        for visibility, cat in (("public", category), ("restricted", restricted_category)):
            concern = factories.ConcernFactory(meeting=meeting, category=cat, visibility=visibility)
            action = factories.ActionFactory(meeting=meeting, concern=concern, responsible_body=police_unit)
            factories.ActionUpdateFactory(action=action, is_public=visibility == "public")
            Concern.objects.filter(pk=concern.pk).update(
                status=Concern.CLOSED, closing_reason=Concern.RESOLVED, closed_at=timezone.now()
            )
    with django_assert_max_num_queries(14):
        response = client.get(URL)
    assert len(response.context["timeline"]) == 2 * size
    with django_assert_max_num_queries(10):
        client.get(CSV_URL)


def test_a_public_update_of_a_closed_meetings_concern_stays_off_the_timeline(
    client, english, forum, category
):
    closed = past_meeting(forum, days_ago=4, is_public=False)
    concern = factories.ConcernFactory(meeting=closed, category=category, summary="Closed-door worry")
    action = factories.ActionFactory(meeting=closed, concern=concern)
    factories.ActionUpdateFactory(action=action, note="Closed-door progress", is_public=True)

    body = client.get(URL).content.decode()

    assert "Closed-door worry" not in body
    assert "Closed-door progress" not in body
