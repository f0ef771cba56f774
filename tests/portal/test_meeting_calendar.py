"""Calendar events, one meeting's and the feed's: valid iCalendar, the meeting page's URL, the agenda."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from forum_site.lib.links import absolute_url
from forum_site.lib.links import site_host
from forums import services
from forums import visibility
from forums.models import Concern
from forums.models import Meeting
from tests import factories
from tests.portal.world_people import *  # noqa: F403 (fixtures: the world's forum and people)


def events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["version"] == "2.0"
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def description(event) -> str:
    return str(event["description"])


@pytest.fixture
def coming(forum, secretary):
    meeting = factories.MeetingFactory(
        forum=forum,
        number=7,
        starts_at=timezone.now() + datetime.timedelta(days=10),
        location="Qendra Rinore",
        address="Rruga e Dëshmorëve 12",
        step_free_access="no",
        interpretation="Albanian–Serbian",
    )
    factories.AgendaItemFactory(meeting=meeting, title="Street lighting", discussion="Never in the calendar")
    factories.AgendaItemFactory(meeting=meeting, title="School crossing")
    return meeting


def test_one_meeting_is_a_valid_event_with_its_page_and_place(client, coming):
    response = client.get(reverse("portal:meeting_ics", args=[coming.pk]))

    [event] = events(response).values()
    assert str(event["uid"]) == f"meeting-{coming.pk}@{site_host()}"
    assert str(event["url"]) == absolute_url(reverse("portal:meeting_detail", args=[coming.pk]))
    assert str(event["location"]) == "Qendra Rinore, Rruga e Dëshmorëve 12"
    assert event.decoded("dtstart") == coming.starts_at.replace(microsecond=0).astimezone(datetime.UTC)
    assert str(event["status"]) == "CONFIRMED"
    assert "Step-free access: No: there are steps" in description(event)
    assert "Interpretation: Albanian–Serbian" in description(event)
    assert f"meeting-{coming.pk}.ics" in response["Content-Disposition"]


def test_the_event_carries_the_agenda_only_once_published(client, coming, secretary):
    url = reverse("portal:meeting_ics", args=[coming.pk])
    before = description(next(iter(events(client.get(url)).values())))

    services.publish_agenda(meeting=coming, by=secretary)
    after = description(next(iter(events(client.get(url)).values())))

    assert "Street lighting" not in before
    assert "Agenda:\n1. Street lighting\n2. School crossing" in after
    assert "Never in the calendar" not in after


def test_a_cancelled_meeting_is_a_cancelled_event(client, world):
    [event] = events(client.get(reverse("portal:meeting_ics", args=[world.cancelled.pk]))).values()

    assert str(event["status"]) == "CANCELLED"
    assert "This meeting is cancelled." in description(event)


def test_the_feed_links_every_event_to_its_meeting_page_and_carries_published_agendas(
    client, world, coming, secretary
):
    services.publish_agenda(meeting=coming, by=secretary)

    found = events(client.get(reverse("portal:meetings_ics")))

    for meeting in (world.upcoming, world.meeting, coming):
        event = found[f"meeting-{meeting.pk}@{site_host()}"]
        assert str(event["url"]).endswith(reverse("portal:meeting_detail", args=[meeting.pk]))
    assert "1. Street lighting" in description(found[f"meeting-{coming.pk}@{site_host()}"])
    assert "Agenda:" not in description(found[f"meeting-{world.upcoming.pk}@{site_host()}"])


def test_an_agenda_holding_a_restricted_records_words_leaves_the_calendar(
    client, coming, secretary, category
):
    copied = factories.ConcernFactory(meeting=coming, category=category, summary="Fights outside bar Kalaja")
    factories.AgendaItemFactory(meeting=coming, title="Fights outside bar Kalaja")
    services.publish_agenda(meeting=coming, by=secretary)
    visibility.change_visibility(concern=copied, visibility=Concern.RESTRICTED, by=secretary)

    single = client.get(reverse("portal:meeting_ics", args=[coming.pk])).content.decode()
    feed = client.get(reverse("portal:meetings_ics")).content.decode()

    for body in (single, feed):
        assert "Kalaja" not in body
        assert "Street lighting" not in body


def test_a_meeting_at_the_edge_of_the_range_is_still_an_event(client, forum):
    # A number of its own: the module's world holds the forum's first meetings.
    meeting = factories.MeetingFactory(forum=forum, number=70)
    last = datetime.datetime(2100, 12, 31, 23, 59, tzinfo=timezone.get_current_timezone())
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=last)

    response = client.get(reverse("portal:meeting_ics", args=[meeting.pk]))

    assert "DTSTART:21001231T225900Z" in response.content.decode()
    assert "DTEND:21010101T005900Z" in response.content.decode()


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC),
        datetime.datetime(1999, 12, 31, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(1, 1, 1, 0, 0, tzinfo=datetime.UTC),
    ],
    ids=["year-9999", "day-before-the-range", "year-1"],
)
def test_a_meeting_with_an_impossible_date_has_no_event_and_no_error(client, forum, moment):
    # A number of its own: the module's world holds the forum's first meetings.
    meeting = factories.MeetingFactory(forum=forum, number=70)
    # A row from before dates were checked: written straight to the database, past every check.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=moment)

    assert client.get(reverse("portal:meeting_ics", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("portal:meetings_ics")).status_code == 200


def test_long_lines_fold_at_75_octets_without_splitting_a_letter(client, coming):
    notes = "Hyrja nga oborri i shkollës, pranë çezmës; улаз из дворишта школе, код чесме. " * 4
    Meeting.objects.filter(pk=coming.pk).update(access_notes=notes)

    response = client.get(reverse("portal:meetings_ics"))

    lines = response.content.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # folded
    for line in lines:
        line.decode()  # a letter cut in two would not decode
    assert notes.strip() in description(events(response)[f"meeting-{coming.pk}@{site_host()}"])
