"""Findings 6–10 of the privacy review: who reads restricted text on the staff side, by mail and in files.

Every text field of a restricted concern, of the action answering it and of its update holds a
marker; each test reads what a persona gets (pages, the outbox, the CSV) and looks for them.
"""

import csv
import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from actions import notifications
from forums.models import Membership
from forums.models import RestrictedAccess
from tests import factories
from tests.privacy.support import marked_restricted_concern
from tests.session_support import fresh_login

PASSWORD = "correct-horse-battery"
MARKERS = {
    "summary": "MARKER-CONCERN-SUMMARY",
    "details": "MARKER-CONCERN-DETAILS",
    "neighbourhood": "MARKER-CONCERN-PLACE",
    "title": "MARKER-ACTION-TITLE",
    "description": "MARKER-ACTION-DESCRIPTION",
    "note": "MARKER-UPDATE-NOTE",
}


def leaked(text: str) -> list[str]:
    return [marker for marker in MARKERS.values() if marker in text]


@pytest.fixture
def restricted_concern(meeting, restricted_category):
    return marked_restricted_concern(meeting, restricted_category, MARKERS)


def restricted_action(meeting, concern, body, assignee, **extra):
    """An action answering the restricted concern, with its update; made as old data holds it."""
    action = factories.ActionFactory(
        meeting=meeting,
        concern=concern,
        responsible_body=body,
        assignee=assignee,
        title=MARKERS["title"],
        description=MARKERS["description"],
        **extra,
    )
    factories.ActionUpdateFactory(action=action, note=MARKERS["note"])
    return action


def staff_pages(client, action) -> dict[str, object]:
    """Every staff page that shows an action to its assignee."""
    return {
        "action": client.get(action.get_absolute_url()),
        "my actions": client.get(reverse("actions:my_actions")),
        "dashboard": client.get(reverse("forums:dashboard")),
        "meeting": client.get(action.meeting.get_absolute_url()),
    }


def reauthenticate(client) -> None:
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_finding_6_a_former_member_keeps_nothing_of_an_action_once_assigned_to_them(
    client, member, meeting, directorate, restricted_concern, category
):
    public_action = factories.ActionFactory(meeting=meeting, responsible_body=directorate, assignee=member)
    secret_action = restricted_action(meeting, restricted_concern, directorate, member)
    # Deactivated behind the services' back, as old data or a bulk update leaves it: the rules
    # themselves must refuse, whatever happened to the assignment.
    Membership.objects.filter(user=member).update(active=False)
    client.force_login(member)

    for action in (public_action, secret_action):
        assert client.get(action.get_absolute_url()).status_code == 404
        update = client.post(reverse("actions:action_update", args=[action.pk]), {"note": "still here"})
        assert update.status_code == 404
    reauthenticate(client)
    export = client.get(reverse("actions:my_actions_csv"))
    assert csv_rows(export) == []
    for name, response in {
        "my actions": client.get(reverse("actions:my_actions")),
        "dashboard": client.get(reverse("forums:dashboard")),
    }.items():
        assert public_action.title not in response.content.decode(), name
        assert not leaked(response.content.decode()), name
    assert not secret_action.updates.filter(note="still here").exists()


@pytest.mark.parametrize("persona", ["member", "municipal_officer"])
def test_finding_7_a_password_only_assignee_sees_category_date_and_status_but_no_restricted_text(
    client, persona, personas, meeting, directorate, restricted_concern
):
    assignee = getattr(personas, persona)
    # Assigned before the concern was restricted; the services no longer allow it (see below).
    action = restricted_action(meeting, restricted_concern, directorate, assignee)
    client.force_login(assignee)

    pages = staff_pages(client, action)

    page = pages["action"]
    assert page.status_code == 200
    text = page.content.decode()
    assert restricted_concern.category.name in text
    assert action.due_date.strftime("%Y-%m-%d") in text
    assert action.get_status_display() in text
    for name, response in pages.items():
        assert response.status_code == 200, name
        assert not leaked(response.content.decode()), name


def test_finding_8_every_display_of_restricted_text_is_logged_and_the_log_cannot_be_pruned(
    client, secretary, meeting, police_unit, restricted_concern, admin_user
):
    action = restricted_action(meeting, restricted_concern, police_unit, secretary)
    client.force_login(secretary)

    client.get(action.get_absolute_url())
    client.get(meeting.get_absolute_url())
    fresh_login(client, admin_user)
    client.get(reverse("admin:forums_concern_change", args=[restricted_concern.pk]))
    client.get(reverse("admin:actions_action_change", args=[action.pk]))

    logged = set(RestrictedAccess.objects.values_list("user__username", "surface", "concern_id", "action_id"))
    assert logged == {
        ("secretary", RestrictedAccess.ACTION_PAGE, restricted_concern.pk, action.pk),
        ("secretary", RestrictedAccess.MEETING_PAGE, restricted_concern.pk, None),
        ("secretary", RestrictedAccess.MEETING_PAGE, None, action.pk),
        ("root", RestrictedAccess.ADMIN, restricted_concern.pk, None),
        ("root", RestrictedAccess.ADMIN, restricted_concern.pk, action.pk),
    }
    entry = RestrictedAccess.objects.first()
    delete = client.post(reverse("admin:forums_restrictedaccess_delete", args=[entry.pk]), {"post": "yes"})
    changelist = client.get(reverse("admin:forums_restrictedaccess_changelist"))
    bulk = client.post(
        reverse("admin:forums_restrictedaccess_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert delete.status_code == 403
    assert "delete_selected" not in changelist.content.decode()
    assert bulk.status_code in (200, 302)
    assert RestrictedAccess.objects.count() == 5


def test_finding_9_emails_about_a_restricted_action_carry_forum_category_date_and_link_only(
    secretary, chair, police_liaison, meeting, police_unit, restricted_concern
):
    today = timezone.localdate()
    action = restricted_action(
        meeting, restricted_concern, police_unit, police_liaison, due_date=today + datetime.timedelta(days=3)
    )

    notifications.notify_assignment(action)
    notifications.send_due_reminders(today=today, days_before=3)
    notifications.send_overdue_notices(today=action.due_date + datetime.timedelta(days=1))
    notifications.send_weekly_digests(today=action.due_date + datetime.timedelta(days=7))

    recipients = {message.to[0] for message in mail.outbox}
    assert recipients == {police_liaison.email, secretary.email, chair.email}
    assert len(mail.outbox) == 5  # assignment, due soon, overdue, and a digest to secretary and chair
    for message in mail.outbox:
        html = message.alternatives[0][0]
        for part in (message.subject, message.body, html):
            assert not leaked(part), (message.subject, part)
        assert action.get_absolute_url() in message.body or meeting.forum.get_absolute_url() in message.body
        assert restricted_concern.category.name_sq in message.body  # in the forum's language


def test_finding_10_the_csv_leaves_restricted_text_out_unless_a_two_factor_role_asks_and_is_logged(
    client, secretary, member, meeting, police_unit, restricted_concern
):
    action = restricted_action(meeting, restricted_concern, police_unit, None)
    url = reverse("actions:my_actions_csv")
    client.force_login(secretary)
    reauthenticate(client)

    plain = client.get(url)

    assert not leaked(plain.content.decode("utf-8-sig"))
    [row] = csv_rows(plain)
    assert (row["id"], row["restricted"], row["title"], row["category"]) == (
        str(action.pk),
        "yes",
        "",
        restricted_concern.category.name,
    )
    assert not RestrictedAccess.objects.exists()

    detailed = client.get(url, {"include_restricted": "1"})

    [row] = csv_rows(detailed)
    assert (row["title"], row["description"], row["concern_summary"]) == (
        MARKERS["title"],
        MARKERS["description"],
        MARKERS["summary"],
    )
    assert list(RestrictedAccess.objects.values_list("user", "surface", "forum", "rows")) == [
        (secretary.pk, RestrictedAccess.EXPORT, meeting.forum_id, 1)
    ]

    client.force_login(member)
    reauthenticate(client)
    assert client.get(url, {"include_restricted": "1"}).status_code == 403
