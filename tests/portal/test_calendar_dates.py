"""The public calendar never fails for everyone because of one meeting's impossible date."""

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from forums.models import Meeting
from tests import factories

LOCAL = ZoneInfo("Europe/Belgrade")


def test_the_calendar_serves_the_other_meetings_when_one_has_an_impossible_date(client, forum):
    good = factories.MeetingFactory(forum=forum, number=1)
    broken = factories.MeetingFactory(forum=forum, number=2)
    # A row from before dates were checked: written straight to the database, past every check.
    Meeting.objects.filter(pk=broken.pk).update(
        starts_at=datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC)
    )

    response = client.get(reverse("portal:meetings_ics"))

    assert response.status_code == 200
    body = response.content.decode()
    assert f"meeting-{good.pk}@" in body
    assert f"meeting-{broken.pk}@" not in body


def test_the_calendar_never_fails_at_the_edge_of_the_range(client, forum):
    last = factories.MeetingFactory(forum=forum, number=1)
    Meeting.objects.filter(pk=last.pk).update(starts_at=datetime.datetime(2100, 12, 31, 23, 59, tzinfo=LOCAL))

    response = client.get(reverse("portal:meetings_ics"))

    assert response.status_code == 200
    assert "DTSTART:21001231T225900Z" in response.content.decode()


def test_the_home_page_and_the_meeting_list_leave_out_a_meeting_with_an_impossible_date(client, forum):
    good = factories.MeetingFactory(forum=forum, number=1, location="Qendra Rinore")
    broken = factories.MeetingFactory(forum=forum, number=2, location="Viti 9999")
    Meeting.objects.filter(pk=broken.pk).update(
        starts_at=datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC)
    )

    for url in (reverse("portal:home"), reverse("portal:meeting_list")):
        response = client.get(url)
        assert response.status_code == 200
        assert good.location in response.content.decode()
        assert broken.location not in response.content.decode()
