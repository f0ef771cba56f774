"""Meeting dates stay in 2000–2100, in the forms and in the services, so nothing downstream overflows."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import services
from forums.errors import ForumError
from forums.forms import MeetingEditForm
from forums.forms import MeetingForm
from forums.models import Meeting

pytestmark = pytest.mark.usefixtures("english")

LOCAL = ZoneInfo("Europe/Belgrade")
TYPED = {"location": "Sala e Kuvendit", "is_public": "on", "repeat_monthly": "1"}


@pytest.mark.parametrize(
    "typed", ["0001-01-01T00:30", "1999-12-31T18:00", "2101-01-01T09:00", "9999-12-31T23:59"]
)
def test_the_form_refuses_a_date_out_of_range_and_keeps_what_was_typed(client, secretary, forum, typed):
    client.force_login(secretary)

    response = client.post(reverse("forums:meeting_create", args=[forum.slug]), {**TYPED, "starts_at": typed})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["starts_at"] == ["Choose a date between 2000-01-01 and 2100-12-31."]
    content = response.content.decode()
    assert f'value="{typed}"' in content and 'value="Sala e Kuvendit"' in content
    assert 'id="id_starts_at_error"' in content
    assert not Meeting.objects.exists()


def test_the_form_refuses_a_series_that_would_run_past_the_range(client, secretary, forum):
    client.force_login(secretary)

    response = client.post(
        reverse("forums:meeting_create", args=[forum.slug]),
        {**TYPED, "starts_at": "2100-06-01T18:00", "repeat_monthly": "12"},
    )

    assert response.status_code == 200
    assert "schedule fewer meetings" in response.context["form"].errors["repeat_monthly"][0]
    assert not Meeting.objects.exists()


def test_the_edit_form_refuses_a_date_out_of_range(meeting):
    form = MeetingEditForm(
        {**TYPED, "starts_at": "9999-12-31T23:59", "status": Meeting.PLANNED},
        instance=meeting,
        forum=meeting.forum,
    )
    assert not form.is_valid()
    assert list(form.errors) == ["starts_at"]


def test_the_edges_of_the_range_are_accepted(forum):
    for typed in ["2000-01-01T00:00", "2100-12-31T23:59"]:
        assert MeetingForm({**TYPED, "starts_at": typed}, forum=forum).is_valid()


@pytest.mark.parametrize(
    "starts_at",
    [datetime.datetime(1, 1, 1, 0, 30, tzinfo=LOCAL), datetime.datetime(9999, 6, 1, 18, tzinfo=LOCAL)],
)
def test_scheduling_refuses_a_date_out_of_range(forum, secretary, starts_at):
    with pytest.raises(ForumError, match="between 2000-01-01 and 2100-12-31") as error:
        services.schedule_meeting(forum=forum, by=secretary, starts_at=starts_at, location="Sala")
    assert error.value.field == "starts_at"
    assert not Meeting.objects.exists()


def test_scheduling_refuses_a_monthly_series_whose_last_meeting_is_out_of_range(forum, secretary):
    with pytest.raises(ForumError, match="would run past 2100-12-31") as error:
        services.schedule_meeting(
            forum=forum,
            by=secretary,
            starts_at=datetime.datetime(2100, 11, 15, 18, tzinfo=LOCAL),
            location="Sala",
            repeat_monthly=3,
        )
    assert error.value.field == "repeat_monthly"
    assert not Meeting.objects.exists()


def test_a_series_from_year_9999_is_refused_not_a_crash(forum, secretary):
    with pytest.raises(ForumError, match="between 2000-01-01 and 2100-12-31"):
        services.schedule_meeting(
            forum=forum,
            by=secretary,
            starts_at=datetime.datetime(9999, 6, 1, 18, tzinfo=LOCAL),
            location="Sala",
            repeat_monthly=12,
        )


def test_updating_a_meeting_refuses_a_date_out_of_range(meeting, secretary):
    before = meeting.starts_at
    with pytest.raises(ForumError, match="between 2000-01-01 and 2100-12-31") as error:
        services.update_meeting(
            meeting=meeting, by=secretary, starts_at=datetime.datetime(9999, 12, 31, 23, 59, tzinfo=LOCAL)
        )
    assert error.value.field == "starts_at"
    assert Meeting.objects.get(pk=meeting.pk).starts_at == before


def test_a_meeting_kept_in_range_is_unchanged_by_the_checks(forum, secretary):
    starts_at = timezone.make_aware(datetime.datetime(2031, 1, 31, 18), LOCAL)
    created = services.schedule_meeting(
        forum=forum, by=secretary, starts_at=starts_at, location="Sala", repeat_monthly=2
    )
    assert [timezone.localtime(m.starts_at).date() for m in created] == [
        datetime.date(2031, 1, 31),
        datetime.date(2031, 2, 28),
    ]
