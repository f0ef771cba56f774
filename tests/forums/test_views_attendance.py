import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.usefixtures("english")


def url(meeting):
    return reverse("forums:meeting_attendance", args=[meeting.pk])


def test_secretary_records_attendance(client, secretary, police_liaison, forum, meeting):
    present = list(forum.memberships.all())
    client.force_login(secretary)
    response = client.post(
        url(meeting),
        {
            "members_present": [m.pk for m in present],
            "citizens_women": "7",
            "citizens_men": "9",
            "citizens_youth": "4",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert set(meeting.members_present.all()) == set(present)
    assert (meeting.citizens_women, meeting.citizens_men, meeting.citizens_youth) == (7, 9, 4)


def test_form_lists_members_by_institution(client, secretary, police_liaison, meeting):
    client.force_login(secretary)
    content = client.get(url(meeting)).content.decode()
    assert police_liaison.get_full_name() in content
    assert "Kosovo Police" in content


def test_more_youth_than_citizens_is_refused_next_to_the_field(client, secretary, meeting):
    client.force_login(secretary)
    response = client.post(url(meeting), {"citizens_women": "1", "citizens_men": "1", "citizens_youth": "5"})
    assert response.status_code == 200
    assert "citizens_youth" in response.context["form"].errors
    assert 'value="5"' in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.citizens_youth == 0


def test_negative_counts_and_foreign_members_are_refused(client, secretary, other_forum, meeting):
    foreign = factories.MembershipFactory(forum=other_forum)
    client.force_login(secretary)
    response = client.post(
        url(meeting),
        {"members_present": [foreign.pk], "citizens_women": "-2", "citizens_men": "x", "citizens_youth": "0"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"members_present", "citizens_women", "citizens_men"} <= set(errors)
    assert meeting.members_present.count() == 0


def test_outsider_gets_404_on_attendance(client, outsider, meeting):
    client.force_login(outsider)
    assert client.get(url(meeting)).status_code == 404


def test_chair_gets_403_on_attendance(client, chair, meeting):
    client.force_login(chair)
    assert client.post(url(meeting), {"citizens_women": "1"}).status_code == 403


def test_anonymous_is_sent_to_login_from_attendance(client, meeting):
    assert client.get(url(meeting)).status_code == 302
