"""Celery tasks for actions: each loads by primary key or date and calls a service."""

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from actions import notifications
from actions.models import Action

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5, "acks_late": True}


@shared_task(**RETRY)
def notify_assignment(action_id: int) -> bool:
    action = (
        Action.objects.select_related("assignee", "meeting__forum__municipality").filter(pk=action_id).first()
    )
    return bool(action) and notifications.notify_assignment(action)


@shared_task(**RETRY)
def send_due_reminders() -> int:
    return notifications.send_due_reminders(
        today=timezone.localdate(), days_before=settings.ACTION_REMINDER_DAYS
    )


@shared_task(**RETRY)
def send_overdue_notices() -> int:
    return notifications.send_overdue_notices(today=timezone.localdate())


@shared_task(**RETRY)
def send_weekly_digests() -> int:
    return notifications.send_weekly_digests(today=timezone.localdate())
