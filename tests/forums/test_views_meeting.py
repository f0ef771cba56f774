import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forums.models import Meeting
from tests import factories

pytestmark = pytest.mark.usefixtures("english")


def create_url(forum):
    return reverse("forums:meeting_create", args=[forum.slug])


def edit_url(meeting):
    return reverse("forums:meeting_edit", args=[meeting.pk])


VALID = {
    "starts_at": "2027-03-05T18:00",
    "location": "Municipal hall",
    "is_public": "on",
    "repeat_monthly": "1",
}


def test_secretary_schedules_a_meeting(client, secretary, forum):
    client.force_login(secretary)
    response = client.post(create_url(forum), VALID)
    meeting = Meeting.objects.get(forum=forum)
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M") == "2027-03-05 18:00"
    assert meeting.number == 1


def test_secretary_schedules_a_monthly_series(client, secretary, forum):
    client.force_login(secretary)
    client.post(create_url(forum), {**VALID, "starts_at": "2027-01-31T18:00", "repeat_monthly": "3"})
    meetings = list(Meeting.objects.filter(forum=forum).order_by("number"))
    assert [timezone.localtime(m.starts_at).date() for m in meetings] == [
        datetime.date(2027, 1, 31),
        datetime.date(2027, 2, 28),
        datetime.date(2027, 3, 31),
    ]
    assert len({m.series for m in meetings}) == 1


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"starts_at": "next tuesday"}, "starts_at", "invalid"),
        ({"location": "  "}, "location", "required"),
        ({"repeat_monthly": "0"}, "repeat_monthly", "min_value"),
        ({"repeat_monthly": "40"}, "repeat_monthly", "max_value"),
    ],
)
def test_bad_input_is_shown_next_to_the_field_and_kept(client, secretary, forum, changes, field, code):
    client.force_login(secretary)
    data = {**VALID, **changes}
    response = client.post(create_url(forum), data)
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()[field]] == [code]
    content = response.content.decode()
    assert f'id="id_{field}_error"' in content
    assert f'value="{data["starts_at"]}"' in content
    assert not Meeting.objects.exists()


def test_anonymous_is_sent_to_login_from_meeting_create(client, forum):
    response = client.get(create_url(forum))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_outsider_gets_404_on_meeting_create(client, outsider, forum):
    client.force_login(outsider)
    assert client.post(create_url(forum), VALID).status_code == 404


def test_chair_can_see_but_not_schedule(client, chair, forum):
    client.force_login(chair)
    assert client.get(reverse("forums:forum_detail", args=[forum.slug])).status_code == 200
    assert client.post(create_url(forum), VALID).status_code == 403
    assert not Meeting.objects.exists()


def test_secretary_edits_a_meeting(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(
        edit_url(meeting), {"starts_at": "2027-04-01T17:30", "location": "School gym", "status": "cancelled"}
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.location, meeting.status, meeting.is_public) == ("School gym", "cancelled", False)


def test_edit_rejects_unknown_status_and_keeps_typed_place(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(
        edit_url(meeting), {"starts_at": "2027-04-01T17:30", "location": "School gym", "status": "exploded"}
    )
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    assert 'value="School gym"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.location != "School gym"


def test_outsider_gets_404_on_meeting_edit(client, outsider, meeting):
    client.force_login(outsider)
    assert client.get(edit_url(meeting)).status_code == 404


def test_police_liaison_gets_403_on_meeting_edit(client, police_liaison, meeting):
    client.force_login(police_liaison)
    assert client.get(edit_url(meeting)).status_code == 403


def test_meeting_page_shows_agenda_concerns_and_actions(
    client, secretary, meeting, agenda, public_concern, restricted_concern, police_unit
):
    factories.ActionFactory(meeting=meeting, responsible_body=police_unit, title="More patrols")
    client.force_login(secretary)
    response = client.get(meeting.get_absolute_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert all(item.title in content for item in agenda)
    assert public_concern.summary in content and restricted_concern.summary in content
    assert "More patrols" in content
    assert "Log a concern" in content


def test_member_sees_meeting_without_restricted_concerns_or_forms(
    client, member, meeting, public_concern, restricted_concern
):
    client.force_login(member)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert public_concern.summary in content
    assert restricted_concern.summary not in content
    assert "Log a concern" not in content


def test_outsider_gets_404_on_meeting_page(client, outsider, meeting):
    client.force_login(outsider)
    assert client.get(meeting.get_absolute_url()).status_code == 404


def test_municipal_officer_sees_the_meeting_and_its_public_concerns_only(
    client, municipal_officer, meeting, public_concern, restricted_concern
):
    client.force_login(municipal_officer)
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 200
    content = response.content.decode()
    assert public_concern.summary in content
    assert restricted_concern.summary not in content
    assert restricted_concern.details not in content


def test_anonymous_is_sent_to_login_from_meeting_page(client, meeting):
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 302


def test_meeting_page_queries_do_not_grow_with_rows(
    client, secretary, forum, meeting, category, police_unit, django_assert_max_num_queries
):
    for index in range(6):
        item = factories.AgendaItemFactory(meeting=meeting, position=index)
        concern = factories.ConcernFactory(meeting=meeting, category=category, agenda_item=item)
        factories.ActionFactory(meeting=meeting, concern=concern, responsible_body=police_unit)
        membership = factories.MembershipFactory(forum=forum)
        meeting.members_present.add(membership)
    client.force_login(secretary)
    # 22: the assignee list names each member's institution and roles (one query for them all);
    # 25: the attendance form in place (its members), whether minutes exist, and the forum's next
    # meeting (the action form's default due date).
    with django_assert_max_num_queries(25):
        response = client.get(meeting.get_absolute_url())
    assert len(response.context["agenda"]) == 6
