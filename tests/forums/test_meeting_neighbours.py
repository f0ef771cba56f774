"""A meeting's neighbours in its forum: the previous meeting (for the follow-up of earlier actions) and
the next planned one (the due date of new actions), read with the meeting or asked when needed."""

import datetime

from django.utils import timezone

from forums.models import Meeting
from tests import factories


def days(n: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)


def test_a_meeting_read_with_its_neighbours_knows_them_without_asking_again(
    forum, other_forum, django_assert_num_queries
):
    previous = factories.MeetingFactory(forum=forum, starts_at=days(-60), status=Meeting.HELD)
    factories.MeetingFactory(forum=forum, starts_at=days(-30), status=Meeting.CANCELLED)
    meeting = factories.MeetingFactory(forum=forum, starts_at=days(-1), status=Meeting.HELD)
    factories.MeetingFactory(forum=forum, starts_at=days(10), status=Meeting.CANCELLED)
    following = factories.MeetingFactory(forum=forum, starts_at=days(20))
    factories.MeetingFactory(forum=other_forum, starts_at=days(5))
    factories.MeetingFactory(forum=other_forum, starts_at=days(-5), status=Meeting.HELD)

    read = Meeting.objects.with_neighbours().get(pk=meeting.pk)

    with django_assert_num_queries(0):
        assert (read.previous_start, read.next_planned_start) == (previous.starts_at, following.starts_at)
    # Read alone, it asks, and gets the same answers.
    alone = Meeting.objects.get(pk=meeting.pk)
    with django_assert_num_queries(2):
        assert (alone.previous_start, alone.next_planned_start) == (previous.starts_at, following.starts_at)


def test_a_forums_first_meeting_has_no_previous_one_and_its_last_no_next_one(forum):
    only = factories.MeetingFactory(forum=forum, starts_at=days(-1), status=Meeting.HELD)

    read = Meeting.objects.with_neighbours().get(pk=only.pk)

    assert (read.previous_start, read.next_planned_start) == (None, None)
    assert (only.previous_start, only.next_planned_start) == (None, None)
