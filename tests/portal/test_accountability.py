"""/accountability/: numbers that add up, restricted concerns counted but never shown, charts without JavaScript."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from forums import escalation
from forums import privacy
from forums import services
from forums.models import Concern
from forums.models import Forum
from portal import accountability
from portal import charts
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


def test_each_chart_says_in_words_what_it_counts_with_its_key_beside_it(client, english, town):
    body = client.get(URL).content.decode()
    figures = re.findall(r'<figure class="chart-figure">(.*?)</figure>', body, re.S)

    # The municipality chart counts actions while the cards beside it count concerns: said above it.
    captions = [re.search(r"<figcaption>(.*?)</figcaption>", figure).group(1) for figure in figures]
    assert "Actions per municipality: done, open and overdue" in captions
    assert "Concerns raised per category, closed and not closed" in captions
    # The key sits under its chart, not after a table that stacks into many cards on a phone.
    assert all('<svg class="chart"' in figure and 'class="chart-legend' in figure for figure in figures)
    assert len(figures) == body.count('<svg class="chart"')


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
    escalation.escalate_concern(concern=original, by=lpsc_secretary)

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
        factories.SurveyResponseFactory(meeting=meeting)
    # One query for the numbers of citizens' submissions (portal.submission_stats), one for the status
    # each public update left its action in (one for the whole timeline).
    with django_assert_max_num_queries(18):
        response = client.get(URL)
    assert len(response.context["timeline"]) == 2 * size
    with django_assert_max_num_queries(13):
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


# --- Small counts of restricted concerns (privacy rule 7) -----------------------------------------


def _closed(concern, reason: str, when: datetime.datetime) -> None:
    Concern.objects.filter(pk=concern.pk).update(status=Concern.CLOSED, closing_reason=reason, closed_at=when)


def _in_year(year: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, 3, 1, 12))


def test_every_count_keeps_how_many_of_it_are_restricted(
    forum, category, restricted_category, police_unit, directorate
):
    meeting = past_meeting(forum, days_ago=20)
    public = factories.ConcernFactory(meeting=meeting, category=category)
    hidden = factories.ConcernFactory(
        meeting=meeting, category=restricted_category, visibility=Concern.RESTRICTED
    )
    _closed(hidden, Concern.RESOLVED, timezone.now())
    sensitive_unit = factories.ResponsibleBodyFactory(
        municipality=forum.municipality, handles_sensitive_cases=True
    )
    factories.ActionFactory(meeting=meeting, concern=public, responsible_body=directorate)
    factories.ActionFactory(
        meeting=meeting, concern=public, responsible_body=directorate, marked_restricted=True
    )
    factories.ActionFactory(meeting=meeting, concern=public, responsible_body=sensitive_unit)
    factories.ActionFactory(meeting=meeting, concern=hidden, responsible_body=police_unit)
    factories.ActionFactory(meeting=meeting, responsible_body=police_unit)  # a meeting decision

    total = accountability.statistics().total

    assert total.raised == accountability.Tally(total=2, restricted=1)
    assert total.closed == accountability.Tally(total=1, restricted=1)
    assert total.open == accountability.Tally(total=5, restricted=3)
    assert str(total.concerns_raised) == "fewer than 3"
    assert str(total.concerns_open) == "1"  # the one open concern is public
    assert str(total.actions_open) == "5"


def test_restricted_closings_are_grouped_per_municipality_category_and_ended_year(
    forum, other_forum, category, restricted_category
):
    this_year = timezone.localdate().year
    extremism = factories.ConcernCategoryFactory(
        slug="violent-extremism", name_en="Violent extremism", restricted_by_default=True, position=5
    )
    here, there = past_meeting(forum, days_ago=20), past_meeting(other_forum, days_ago=20)
    for meeting, kind, reason, year in [
        (here, restricted_category, Concern.RESOLVED, this_year - 1),
        (here, restricted_category, Concern.RESOLVED, this_year - 2),
        (here, extremism, Concern.REFERRED, this_year - 1),
        (there, restricted_category, Concern.RESOLVED, this_year - 1),
        (here, restricted_category, Concern.RESOLVED, this_year),
    ]:
        concern = factories.ConcernFactory(meeting=meeting, category=kind, visibility=Concern.RESTRICTED)
        _closed(concern, reason, _in_year(year))
    _closed(
        factories.ConcernFactory(meeting=here, category=category), Concern.RESOLVED, _in_year(this_year - 1)
    )

    numbers = accountability.statistics()

    assert [(row.municipality, row.year, row.category) for row in numbers.restricted_closings] == [
        (forum.municipality.name, this_year - 1, "Domestic violence"),
        (forum.municipality.name, this_year - 1, "Violent extremism"),
        (forum.municipality.name, this_year - 2, "Domestic violence"),
        (other_forum.municipality.name, this_year - 1, "Domestic violence"),
    ]
    assert numbers.last_outcome_year == this_year - 1
    assert [(code, count.value) for code, _label, count in numbers.closing_reasons][0] == (
        Concern.RESOLVED,
        1,
    )
    filtered = accountability.statistics(municipality=other_forum.municipality, category=restricted_category)
    assert [(row.municipality, row.year) for row in filtered.restricted_closings] == [
        (other_forum.municipality.name, this_year - 1)
    ]


def test_a_year_of_restricted_closings_is_broken_down_only_when_no_reason_is_small():
    three = accountability.RestrictedClosings("Prizren", 2025, "Domestic violence", {Concern.RESOLVED: 3})
    mixed = accountability.RestrictedClosings(
        "Prizren", 2025, "Domestic violence", {Concern.RESOLVED: 4, Concern.REFERRED: 1}
    )
    two = accountability.RestrictedClosings("Prizren", 2025, "Domestic violence", {Concern.RESOLVED: 2})

    assert [(code, str(count)) for code, count in three.reasons] == [
        (Concern.RESOLVED, "3"),
        (Concern.REFERRED, "0"),
        (Concern.NOT_OUR_COMPETENCE, "0"),
        (Concern.NO_FURTHER_ACTION, "0"),
    ]
    assert str(mixed.closed) == "5" and not mixed.broken_down
    assert all(count is None for _code, count in mixed.reasons)
    assert str(two.closed) == "fewer than 3" and not two.broken_down


def test_a_bar_with_a_suppressed_part_is_not_drawn_and_does_not_set_the_scale():
    small = privacy.shown_count(2, restricted=1)
    chart = charts.stacked_bars(
        [
            ("Traffic", [("chart-closed", privacy.shown_count(6, restricted=0), "Closed")]),
            (
                "Violence",
                [
                    ("chart-closed", privacy.shown_count(40, restricted=40), "Closed"),
                    ("chart-open", small, "Not closed"),
                ],
            ),
        ]
    )

    traffic, violence = chart.rows
    assert traffic.segments[0].width == charts.WIDTH - charts.VALUE_ROOM  # the longest drawn bar
    assert traffic.text == "6"
    assert violence.segments == []
    assert violence.text == "Closed: 40 · Not closed: fewer than 3"


def test_a_suppressed_column_is_drawn_as_text_and_does_not_set_the_scale():
    chart = charts.grouped_columns(
        [
            ("2026 Q1", [("chart-raised", privacy.shown_count(2, restricted=2), "Concerns raised")]),
            ("2026 Q2", [("chart-raised", privacy.shown_count(1, restricted=0), "Concerns raised")]),
        ]
    )

    hidden, shown = (group.columns[0] for group in chart.groups)
    assert hidden.suppressed and hidden.height == 0 and hidden.short_text == "<3"
    assert hidden.title == "2026 Q1, Concerns raised: fewer than 3"
    assert shown.height == chart.baseline - 16  # the public 1 is the largest drawn value


def test_the_page_says_how_small_counts_are_shown(client, english, town):
    body = client.get(URL).content.decode()

    assert "is exact only from 3 up; below that it reads “fewer than 3”" in body
    assert "No restricted concerns were closed in a year that has ended." in body


def test_query_counts_are_the_same_for_one_row_and_many(
    client, forum, other_forum, category, restricted_category, police_unit, django_assert_max_num_queries
):
    last_year = _in_year(timezone.localdate().year - 1)

    def grow(size: int) -> None:
        for n in range(size):
            for target in (forum, other_forum):
                meeting = past_meeting(target, days_ago=10 + n)
                for kind, visibility in (
                    (category, Concern.PUBLIC),
                    (restricted_category, Concern.RESTRICTED),
                ):
                    concern = factories.ConcernFactory(meeting=meeting, category=kind, visibility=visibility)
                    _closed(concern, Concern.RESOLVED, last_year)
                    body = factories.ResponsibleBodyFactory(municipality=target.municipality)
                    factories.ActionFactory(meeting=meeting, concern=concern, responsible_body=body)
                factories.SurveyResponseFactory(meeting=meeting)

    counts = []
    for size in (1, 7):
        grow(size)
        with django_assert_max_num_queries(17) as page:
            client.get(URL)
        with django_assert_max_num_queries(13) as export:
            client.get(CSV_URL)
        with django_assert_max_num_queries(8) as home:
            client.get(reverse("portal:home"))
        counts.append((len(page), len(export), len(home)))

    assert counts[0] == counts[1]


# --- Each update says its own date and the status it left the action in ---------------------------


def test_an_old_update_of_a_finished_action_shows_its_own_status_not_today_s(
    client, english, forum, category, police_unit, police_liaison
):
    meeting = past_meeting(forum, days_ago=60)
    concern = factories.ConcernFactory(
        meeting=meeting, category=category, summary="Cars speed near the school"
    )
    patrol = factories.ActionFactory(
        meeting=meeting,
        concern=concern,
        title="Patrol at 07:30",
        responsible_body=police_unit,
        assignee=police_liaison,
    )
    started = action_services.post_update(
        action=patrol,
        by=police_liaison,
        note="Patrols started",
        new_status=Action.IN_PROGRESS,
        is_public=True,
    )
    halfway = action_services.post_update(
        action=patrol, by=police_liaison, note="Half the mornings", is_public=True
    )
    finished = action_services.post_update(
        action=patrol, by=police_liaison, note="Patrols run every day", new_status=Action.DONE, is_public=True
    )
    for update, days_ago in ((started, 30), (halfway, 20), (finished, 10)):
        update.created_at = timezone.now() - datetime.timedelta(days=days_ago)
        update.save()

    events = {event.note: event for event in accountability.public_timeline()}
    assert (events["Patrols started"].status, events["Patrols started"].status_changed) == (
        "In progress",
        True,
    )
    assert (events["Half the mornings"].status, events["Half the mornings"].status_changed) == (
        "In progress",
        False,
    )
    assert (events["Patrols run every day"].status, events["Patrols run every day"].status_changed) == (
        "Done",
        True,
    )

    content = client.get(URL).content.decode()
    started_day = timezone.localtime(started.created_at).strftime("%-d %B %Y")
    assert f"status changed on {started_day} to: In progress" in content
    halfway_day = timezone.localtime(halfway.created_at).strftime("%-d %B %Y")
    assert f"status on {halfway_day}: In progress" in content
    assert "now In progress" not in content and "now: In progress" not in content


def test_an_update_before_any_status_change_shows_the_status_the_action_had_then(
    forum, category, police_unit, police_liaison
):
    meeting = past_meeting(forum, days_ago=60)
    concern = factories.ConcernFactory(meeting=meeting, category=category)
    patrol = factories.ActionFactory(
        meeting=meeting, concern=concern, responsible_body=police_unit, assignee=police_liaison
    )
    action_services.post_update(action=patrol, by=police_liaison, note="Planned the route", is_public=True)
    action_services.post_update(
        action=patrol, by=police_liaison, note="Done", new_status=Action.DONE, is_public=True
    )

    events = {event.note: event for event in accountability.public_timeline()}
    assert events["Planned the route"].status == "Open"


def test_the_timeline_reads_every_status_in_one_query(
    forum, category, police_unit, police_liaison, django_assert_max_num_queries
):
    meeting = past_meeting(forum, days_ago=60)
    for n in range(5):
        concern = factories.ConcernFactory(meeting=meeting, category=category)
        action = factories.ActionFactory(meeting=meeting, concern=concern, responsible_body=police_unit)
        action_services.post_update(
            action=action, by=police_liaison, note=f"n{n}", new_status=Action.IN_PROGRESS, is_public=True
        )
        action_services.post_update(action=action, by=police_liaison, note=f"m{n}", is_public=True)
    with django_assert_max_num_queries(3):
        assert len(accountability.public_timeline()) == 10


def test_the_public_timeline_dates_updates_as_html_allows_to_the_second(client, town):
    page = client.get("/accountability/").content.decode()

    moments = re.findall(r'<time datetime="([^"]+)"', page)
    assert moments
    # HTML allows at most three digits of a second; the Nu HTML Checker rejects six.
    for moment in moments:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z))?", moment), moment
