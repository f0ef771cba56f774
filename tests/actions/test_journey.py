"""The issue's journey as a new user would try it, with real log-ins (password, then authenticator code)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions import tasks
from actions.models import Action
from tests import factories
from tests.forums.test_views_journey import log_in
from tests.minutes_support import past_meeting

pytestmark = pytest.mark.usefixtures("english")

MY_ACTIONS = reverse("actions:my_actions")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def test_police_liaison_works_the_actions_officer_sees_own_reminders_go_once_and_citizens_see_it(
    client, settings, forum, secretary, police_liaison, municipal_officer, police_unit, directorate, category
):
    meeting = past_meeting(forum, days_ago=20)
    speeding = factories.ConcernFactory(
        meeting=meeting, category=category, summary="Cars speed near the school"
    )
    late = factories.ActionFactory(
        meeting=meeting,
        concern=speeding,
        title="Patrol at the school gate",
        responsible_body=police_unit,
        assignee=police_liaison,
        due_date=days(-3),
    )
    factories.ActionFactory(
        meeting=meeting, title="Speed camera request", responsible_body=police_unit, due_date=days(20)
    )
    factories.ActionFactory(
        meeting=meeting,
        title="Fix the street lights",
        responsible_body=directorate,
        assignee=municipal_officer,
        due_date=days(settings.ACTION_REMINDER_DAYS),
    )
    factories.ActionFactory(meeting=meeting, title="Paint the crossing", responsible_body=directorate)

    # The police liaison opens My actions and keeps only what is overdue.
    log_in(client, police_liaison)
    page = client.get(MY_ACTIONS)
    assert "Fix the street lights" not in page.content.decode()
    overdue = client.get(MY_ACTIONS, {"due": "overdue"})
    assert [action.title for action, _summary in overdue.context["rows"]] == ["Patrol at the school gate"]
    assert "Cars speed near the school" in overdue.content.decode()

    # A public progress note, then done.
    update_url = reverse("actions:action_update", args=[late.pk])
    response = client.post(
        update_url,
        {"note": "Officers at the gate every morning since Monday", "new_status": "", "is_public": "on"},
    )
    assert response.status_code == 302
    client.post(
        update_url,
        {"note": "Speeds are down; patrol becomes routine", "new_status": "done", "is_public": "on"},
    )
    late.refresh_from_db()
    assert late.status == Action.DONE and late.completed_at is not None
    assert client.get(MY_ACTIONS, {"due": "overdue"}).context["rows"] == []

    # Reopening without a reason is refused next to the note.
    response = client.post(update_url, {"note": "", "new_status": "open"})
    assert "note" in response.context["update_form"].errors

    # The secretary closes the concern with its reason.
    log_in(client, secretary)
    client.post(reverse("forums:concern_close", args=[speeding.pk]), {"closing_reason": "resolved"})

    # The municipal officer sees only their own action.
    log_in(client, municipal_officer)
    officer_rows = client.get(MY_ACTIONS).context["rows"]
    assert [action.title for action, _summary in officer_rows] == ["Fix the street lights"]

    # The next day's reminder run sends one e-mail per action due, and a second run sends none.
    mail.outbox.clear()
    assert tasks.send_due_reminders.delay().get() == 1
    assert [message.to for message in mail.outbox] == [[municipal_officer.email]]
    assert tasks.send_due_reminders.delay().get() == 0
    assert len(mail.outbox) == 1

    # A citizen reads what was done and why the concern was closed; the numbers add up.
    client.logout()
    page = client.get(reverse("portal:accountability"))
    body = page.content.decode()
    assert "Speeds are down; patrol becomes routine" in body
    assert "Concern closed: Resolved" in body
    numbers = page.context["numbers"]  # (a second request would come from the page cache)
    assert sum(row.raised.total for row in numbers.by_category) == numbers.total.raised.total == 1
