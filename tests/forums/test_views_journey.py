"""The new-user journey through the staff pages, with real e-mail log-ins."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import Action
from forums.models import Concern
from forums.models import Meeting
from tests import factories

pytestmark = pytest.mark.usefixtures("english")

PASSWORD = "correct-horse-battery"


def log_in(client, user):
    """Log in by e-mail and password, then the authenticator code where two-factor is on."""
    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    if response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": factories.totp_code()})
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


def test_secretary_records_a_meeting_and_police_liaison_sees_the_action(
    client, secretary, police_liaison, outsider, forum, police_unit, category, restricted_category
):
    dashboard = reverse("forums:dashboard")
    response = client.get(dashboard)
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200  # the styled login page

    assert log_in(client, secretary)["Location"] == dashboard
    assert forum.get_absolute_url() in client.get(dashboard).content.decode()

    starts = timezone.localtime() + datetime.timedelta(days=3)
    response = client.post(
        reverse("forums:meeting_create", args=[forum.slug]),
        {
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "location": "Municipal hall",
            "is_public": "on",
            "repeat_monthly": "1",
        },
    )
    meeting = Meeting.objects.get(forum=forum)
    assert response["Location"] == meeting.get_absolute_url()

    for title in ["Opening", "Safety near schools", "Any other business"]:
        client.post(reverse("forums:agenda_item_add", args=[meeting.pk]), {"title": title})
    opening, schools, other = meeting.agenda_items.order_by("position")
    client.post(reverse("forums:agenda_item_move", args=[meeting.pk, schools.pk]), {"direction": "up"})
    client.post(
        reverse("forums:agenda_reorder", args=[meeting.pk]),
        {"order": "2, 1, 3"},
    )
    assert list(meeting.agenda_items.order_by("position")) == [opening, schools, other]

    client.post(
        reverse("forums:meeting_attendance", args=[meeting.pk]),
        {
            "members_present": list(forum.memberships.values_list("pk", flat=True)),
            "citizens_women": "6",
            "citizens_men": "8",
            "citizens_youth": "3",
        },
    )
    client.post(
        reverse("forums:concern_create", args=[meeting.pk]),
        {"category": restricted_category.pk, "summary": "Violence at home reported", "source": "police"},
    )
    client.post(
        reverse("forums:concern_create", args=[meeting.pk]),
        {
            "category": category.pk,
            "summary": "Cars speed near the school",
            "agenda_item": schools.pk,
            "source": "citizen",
        },
    )
    traffic = Concern.objects.get(category=category)
    assert Concern.objects.get(category=restricted_category).is_restricted
    assert not traffic.is_restricted

    due = timezone.localdate() + datetime.timedelta(days=21)
    response = client.post(
        reverse("actions:action_create", args=[meeting.pk]),
        {
            "title": "Speed checks every morning",
            "concern": traffic.pk,
            "responsible_body": police_unit.pk,
            "assignee": police_liaison.pk,
            "due_date": due.isoformat(),
            "priority": "high",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Speed checks every morning" in page and "Violence at home reported" in page

    log_in(client, police_liaison)
    response = client.get(dashboard)
    assert list(response.context["open_actions"]) == [action]
    assert action.get_absolute_url() in response.content.decode()

    log_in(client, outsider)
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.get(action.get_absolute_url()).status_code == 404
