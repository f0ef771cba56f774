"""The site's Celery app whose beat sends the action reminders every second instead of daily at 07:00.

`celery -A tests.integration.beat_reminders_app beat`: the real entries and tasks, only sooner.
"""

from forum_site.celery import app

REMINDER_ENTRIES = ("remind-actions-due-soon", "notify-overdue-actions")

app.conf.beat_schedule = {
    name: {**entry, "schedule": 1.0}
    for name, entry in app.conf.beat_schedule.items()
    if name in REMINDER_ENTRIES
}
