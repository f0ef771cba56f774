"""A public meeting's page: when and where, the agenda once published, the way to raise a concern,
then its minutes; and the links that lead there."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import services
from forums import visibility
from forums.models import Concern
from forums.models import Meeting
from forums.submissions import services as submission_services
from portal import meetings
from portal.meetings import RaisedConcernOutcome
from tests import factories
from tests.portal.world_people import *  # noqa: F403 (fixtures: the world's forum and people)
from tests.submission_support import received


def page(client, meeting) -> str:
    response = client.get(reverse("portal:meeting_detail", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def coming(forum, secretary):
    meeting = factories.MeetingFactory(
        forum=forum,
        number=60,
        starts_at=timezone.now() + datetime.timedelta(days=20),
        location="Qendra Rinore",
        address="Rruga e Dëshmorëve 12, Prishtinë",
        step_free_access="yes",
        interpretation="Albanian–Serbian",
        access_notes="Entrance from the courtyard.",
    )
    factories.AgendaItemFactory(meeting=meeting, title="Street lighting in Dardania", discussion="Not public")
    factories.AgendaItemFactory(meeting=meeting, title="School crossing")
    return meeting


@pytest.fixture
def raise_page_exists(monkeypatch):
    """Until the page for raising a concern is in the URL conf, lend the hook a route that takes a slug."""
    monkeypatch.setattr(meetings, "RAISE_URL_NAME", "forums:forum_detail")


def test_an_upcoming_meeting_shows_forum_time_place_and_access(client, coming):
    body = page(client, coming)

    assert coming.forum.name in body
    assert "Qendra Rinore" in body
    assert "Rruga e Dëshmorëve 12, Prishtinë" in body
    assert "Yes: no steps to the meeting room" in body
    assert "Albanian–Serbian" in body
    assert "Entrance from the courtyard." in body
    assert '<time datetime="' in body
    assert reverse("portal:meeting_ics", args=[coming.pk]) in body
    assert body.count("<h1") == 1


def test_the_agenda_is_hidden_until_the_secretary_publishes_it(client, coming):
    body = page(client, coming)

    assert "Street lighting in Dardania" not in body
    due = (timezone.localdate(coming.starts_at) - datetime.timedelta(days=7)).strftime("%-d %B %Y")
    assert f"The agenda will be published here by {due}." in body


def test_the_published_agenda_shows_the_titles_in_order_never_the_discussion(client, coming, secretary):
    services.publish_agenda(meeting=coming, by=secretary)

    body = page(client, coming)

    assert body.index("Street lighting in Dardania") < body.index("School crossing")
    assert "Not public" not in body
    assert "Published on" in body


def test_the_notice_follows_the_setting(client, coming, settings):
    settings.AGENDA_NOTICE_DAYS = 14

    body = page(client, coming)

    due = (timezone.localdate(coming.starts_at) - datetime.timedelta(days=14)).strftime("%-d %B %Y")
    assert f"published here by {due}" in body


def test_a_record_restricted_after_publication_takes_the_agenda_off_the_page(
    client, coming, secretary, category
):
    copied = factories.ConcernFactory(meeting=coming, category=category, summary="Break-ins at Rruga B")
    factories.AgendaItemFactory(meeting=coming, title="Break-ins at Rruga B")
    services.publish_agenda(meeting=coming, by=secretary)

    visibility.change_visibility(concern=copied, visibility=Concern.RESTRICTED, by=secretary)
    body = page(client, coming)

    assert "Break-ins at Rruga B" not in body
    assert "Street lighting in Dardania" not in body
    assert "The agenda is being revised" in body


def test_a_held_meeting_links_its_published_minutes(client, world):
    body = page(client, world.meeting)

    assert reverse("portal:minutes_detail", args=[world.meeting.pk]) in body
    assert "Held" in body


def test_a_held_meeting_without_published_minutes_says_they_will_come(client, world):
    body = page(client, world.draft_meeting)

    assert reverse("portal:minutes_detail", args=[world.draft_meeting.pk]) not in body
    assert "The minutes are not published yet." in body
    assert "No agenda was published for this meeting." in body


def test_a_cancelled_meeting_says_so_and_offers_no_concern_form(client, world, raise_page_exists):
    body = page(client, world.cancelled)

    assert "This meeting is cancelled." in body
    assert "?meeting=" not in body


@pytest.mark.parametrize("which", ["closed_meeting", "upcoming_closed"])
def test_a_closed_meeting_has_no_public_page(client, world, which):
    meeting = getattr(world, which)

    assert client.get(reverse("portal:meeting_detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("portal:meeting_ics", args=[meeting.pk])).status_code == 404


def test_a_meeting_of_an_inactive_forum_has_no_public_page(client, world, forum):
    forum.active = False
    forum.save()

    assert client.get(reverse("portal:meeting_detail", args=[world.upcoming.pk])).status_code == 404
    assert client.get(reverse("portal:meeting_ics", args=[world.upcoming.pk])).status_code == 404


@pytest.mark.parametrize("meeting_id", ["0", "999999", str(2**63)])
def test_an_unknown_meeting_id_is_not_found_not_an_error(client, db, meeting_id):
    assert client.get(f"/meetings/{meeting_id}/").status_code == 404
    assert client.get(f"/meetings/{meeting_id}.ics").status_code == 404


def test_an_upcoming_meeting_links_to_raising_a_concern_for_it(client, coming, raise_page_exists):
    body = page(client, coming)

    url = reverse("forums:forum_detail", kwargs={"slug": coming.forum.slug})
    assert f'href="{url}?meeting={coming.pk}"' in body
    assert "call the police on 192" in body
    assert reverse("portal:help") in body


def test_without_a_page_to_raise_concerns_the_meeting_page_shows_no_link(client, coming, monkeypatch):
    monkeypatch.setattr(meetings, "RAISE_URL_NAME", "portal:no_such_page")

    body = page(client, coming)

    assert "?meeting=" not in body
    assert "Raise a concern for this meeting" not in body


def test_a_past_meeting_offers_no_concern_form(client, world, raise_page_exists):
    assert "?meeting=" not in page(client, world.meeting)


def test_until_citizens_submit_anything_no_outcomes_are_listed(client, world):
    assert meetings.raised_concern_outcomes(world.meeting) == []
    assert "Concerns raised through this site" not in page(client, world.meeting)


def test_a_held_meeting_lists_what_was_decided_about_public_concerns_citizens_raised_never_restricted_ones(
    client, coming, secretary, category, restricted_category, police_unit
):
    public = received(category, coming.forum, text="Cars race past the school every morning, ZZCITIZEN.")
    secret = received(restricted_category, coming.forum, text="My neighbour hits his wife, ZZSECRET.")
    concern = submission_services.accept_submission(
        submission=public,
        by=secretary,
        meeting=coming,
        summary="Speeding near the school",
        public_answer="A crossing will be painted.",
    )
    submission_services.accept_submission(
        submission=secret, by=secretary, meeting=coming, summary="ZZSECRETSUMMARY family case"
    )
    factories.ActionFactory(
        meeting=coming, concern=concern, title="Paint a crossing", responsible_body=police_unit
    )
    Meeting.objects.filter(pk=coming.pk).update(status=Meeting.HELD)
    coming.refresh_from_db()

    body = page(client, coming)

    assert "Concerns raised through this site" in body
    assert "Speeding near the school" in body and "Paint a crossing" in body
    assert "A crossing will be painted." in body
    assert "ZZSECRET" not in body and "ZZCITIZEN" not in body


def test_outcomes_of_concerns_raised_through_the_site_are_listed_when_the_hook_gives_some(
    client, world, monkeypatch
):
    outcomes = [
        RaisedConcernOutcome("Traffic safety", "Discussed; 2 actions taken", "A crossing will be painted."),
        RaisedConcernOutcome("Domestic violence", "Referred to the police"),
    ]
    monkeypatch.setattr(meetings, "raised_concern_outcomes", lambda meeting: outcomes)

    body = page(client, world.meeting)

    assert "Concerns raised through this site" in body
    assert "Discussed; 2 actions taken" in body
    assert "A crossing will be painted." in body
    assert "Referred to the police" in body


def test_home_and_the_meeting_list_link_each_meeting_to_its_page(client, world):
    home = client.get(reverse("portal:home")).content.decode()
    listing = client.get(reverse("portal:meeting_list")).content.decode()

    assert reverse("portal:meeting_detail", args=[world.upcoming.pk]) in home
    assert reverse("portal:meeting_detail", args=[world.upcoming.pk]) in listing
    assert reverse("portal:meeting_detail", args=[world.meeting.pk]) in listing
    assert reverse("portal:meeting_detail", args=[world.upcoming_closed.pk]) not in home + listing


def test_a_meeting_dated_at_the_edge_of_the_range_still_has_its_page(client, forum):
    # A number of its own: the module's world holds the forum's first meetings.
    meeting = factories.MeetingFactory(forum=forum, number=70)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=datetime.datetime(1999, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )

    assert client.get(reverse("portal:meeting_detail", args=[meeting.pk])).status_code == 200
