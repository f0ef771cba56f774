"""Crafted requests get a message or a 404, never a server error."""

import pytest
from django.urls import reverse

from forums.models import Meeting

pytestmark = pytest.mark.usefixtures("english")


def test_huge_ids_in_urls_are_404(client, secretary, meeting):
    client.force_login(secretary)
    huge = 10**25
    urls = [
        reverse("forums:meeting_detail", args=[huge]),
        reverse("forums:concern_detail", args=[huge]),
        reverse("forums:agenda_item_edit", args=[meeting.pk, huge]),
        reverse("actions:action_detail", args=[huge]),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * 4


def test_a_time_that_does_not_exist_locally_is_refused(client, secretary, forum):
    # Clocks jump from 02:00 to 03:00 on the last Sunday of March in Europe/Belgrade.
    client.force_login(secretary)
    response = client.post(
        reverse("forums:meeting_create", args=[forum.slug]),
        {"starts_at": "2027-03-28T02:30", "location": "Hall", "repeat_monthly": "1"},
    )
    assert response.status_code == 200
    assert "starts_at" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_huge_numbers_and_ids_in_forms_are_refused(client, secretary, meeting, agenda):
    client.force_login(secretary)
    huge = str(10**25)
    attendance = client.post(
        reverse("forums:meeting_attendance", args=[meeting.pk]),
        {"members_present": [huge], "citizens_women": huge, "citizens_men": "1", "citizens_youth": "0"},
    )
    reorder = client.post(reverse("forums:agenda_reorder", args=[meeting.pk]), {"order": huge})
    series = client.post(
        reverse("forums:meeting_create", args=[meeting.forum.slug]),
        {"starts_at": "2027-01-01T18:00", "location": "Hall", "repeat_monthly": huge},
    )
    assert [attendance.status_code, reorder.status_code, series.status_code] == [200, 200, 200]
    assert {"members_present", "citizens_women"} <= set(attendance.context["form"].errors)
    assert "order" in reorder.context["form"].errors
    assert "repeat_monthly" in series.context["form"].errors


def test_huge_choice_ids_in_concern_and_action_forms_are_refused(client, secretary, meeting):
    client.force_login(secretary)
    huge = str(10**25)
    concern = client.post(
        reverse("forums:concern_create", args=[meeting.pk]),
        {"category": huge, "summary": "x", "source": "citizen", "agenda_item": huge},
    )
    action = client.post(
        reverse("actions:action_create", args=[meeting.pk]),
        {
            "title": "x",
            "responsible_body": huge,
            "assignee": huge,
            "concern": huge,
            "due_date": "2099-01-01",
            "priority": "low",
        },
    )
    assert {"category", "agenda_item"} <= set(concern.context["form"].errors)
    assert {"responsible_body", "assignee", "concern"} <= set(action.context["form"].errors)
