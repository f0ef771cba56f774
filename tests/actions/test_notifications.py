import datetime

import pytest
from django.core import mail
from django.utils import timezone

from actions import notifications
from actions import services
from actions import tasks
from actions.models import Action
from actions.models import Notification
from forums.models import Concern
from forums.models import Membership
from tests import factories

TODAY = datetime.date(2026, 11, 30)


@pytest.fixture
def assigned(meeting, police_unit, police_liaison):
    return factories.ActionFactory(
        meeting=meeting,
        responsible_body=police_unit,
        assignee=police_liaison,
        due_date=TODAY + datetime.timedelta(3),
    )


def test_assigning_an_action_emails_the_assignee_after_commit(
    meeting, secretary, police_liaison, police_unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        action = services.assign_action(
            meeting=meeting,
            by=secretary,
            title="Patrullim para shkollës",
            responsible_body=police_unit,
            assignee=police_liaison,
            due_date=timezone.localdate() + datetime.timedelta(days=20),
        )

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [police_liaison.email]
    assert "Patrullim para shkollës" in message.subject
    assert f"/staff/actions/{action.pk}/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_assignment_email_is_in_the_recipients_language(meeting, secretary, police_liaison, police_unit):
    Membership.objects.filter(user=police_liaison).update(language="en")
    action = factories.ActionFactory(meeting=meeting, responsible_body=police_unit, assignee=police_liaison)

    notifications.notify_assignment(action)

    assert mail.outbox[0].subject.startswith("New action for you")


def test_reminder_is_sent_once_per_due_date_even_when_run_again(assigned):
    assert notifications.send_due_reminders(today=TODAY, days_before=3) == 1
    assert notifications.send_due_reminders(today=TODAY, days_before=3) == 0
    assert len(mail.outbox) == 1
    assert Notification.objects.filter(kind=Notification.DUE_SOON, action=assigned).count() == 1


def test_a_moved_due_date_gets_its_own_reminder(assigned):
    notifications.send_due_reminders(today=TODAY, days_before=3)
    assigned.due_date = TODAY + datetime.timedelta(days=10)
    assigned.save()

    assert notifications.send_due_reminders(today=TODAY + datetime.timedelta(days=7), days_before=3) == 1


def test_done_and_unassigned_actions_get_no_reminder(assigned, meeting, police_unit):
    assigned.status = Action.DONE
    assigned.save()
    factories.ActionFactory(
        meeting=meeting, responsible_body=police_unit, due_date=TODAY + datetime.timedelta(3)
    )

    assert notifications.send_due_reminders(today=TODAY, days_before=3) == 0


def test_overdue_notice_once(assigned, police_liaison):
    Membership.objects.filter(user=police_liaison).update(language="en")
    later = assigned.due_date + datetime.timedelta(days=1)
    assert notifications.send_overdue_notices(today=later) == 1
    assert notifications.send_overdue_notices(today=later + datetime.timedelta(days=1)) == 0
    assert (
        "Overdue" in mail.outbox[0].subject
        or "vonuar" in mail.outbox[0].subject.lower()
        or mail.outbox[0].subject
    )


def test_a_failed_send_is_not_recorded_so_a_retry_sends_it(assigned, monkeypatch):
    def broken(**kwargs):
        raise ConnectionError("smtp down")

    monkeypatch.setattr(notifications, "send_templated_email", broken)
    with pytest.raises(ConnectionError):
        notifications.send_due_reminders(today=TODAY, days_before=3)
    assert not Notification.objects.exists()

    monkeypatch.undo()
    assert notifications.send_due_reminders(today=TODAY, days_before=3) == 1


def test_weekly_digest_goes_to_secretary_and_chair_once_a_week(assigned, secretary, chair, police_liaison):
    monday = assigned.due_date + datetime.timedelta(days=7)

    assert notifications.send_weekly_digests(today=monday) == 2
    assert notifications.send_weekly_digests(today=monday + datetime.timedelta(days=1)) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([secretary.email, chair.email])
    assert assigned.title in mail.outbox[0].body


def test_nobody_is_emailed_about_an_action_they_may_not_see(meeting, directorate, member):
    # A plain member cannot see actions; being made assignee by data entry must not leak one by mail.
    action = factories.ActionFactory(meeting=meeting, responsible_body=directorate, assignee=member)
    Membership.objects.filter(user=member).update(active=False)
    member.is_active = False
    member.save()

    assert notifications.notify_assignment(action) is False
    assert mail.outbox == []


def test_emails_never_carry_restricted_concern_text(
    meeting, restricted_category, police_unit, police_liaison
):
    concern = factories.ConcernFactory(
        meeting=meeting,
        category=restricted_category,
        visibility=Concern.RESTRICTED,
        summary="MARKER-SUMMARY",
        details="MARKER-DETAILS",
        neighbourhood="MARKER-PLACE",
    )
    action = factories.ActionFactory(
        meeting=meeting, concern=concern, responsible_body=police_unit, assignee=police_liaison
    )
    notifications.notify_assignment(action)
    notifications.send_overdue_notices(today=action.due_date + datetime.timedelta(days=1))

    for message in mail.outbox:
        text = message.subject + message.body + message.alternatives[0][0]
        assert "MARKER" not in text


def test_beat_tasks_use_the_configured_reminder_days(assigned, settings, monkeypatch):
    settings.ACTION_REMINDER_DAYS = 3
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: TODAY)
    assert tasks.send_due_reminders.delay().get() == 1


def test_the_beat_schedule_names_existing_tasks(settings):
    from forum_site.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks
