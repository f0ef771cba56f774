"""The site's Celery app whose beat runs some of the site's own entries every second.

`TEST_BEAT_ENTRIES=remind-actions-due-soon,notify-overdue-actions celery -A tests.integration.beat_fast_app beat`:
the real entries and tasks of CELERY_BEAT_SCHEDULE, only sooner, and none of the others.
"""

import os

from forum_site.celery import app

chosen = set(os.environ["TEST_BEAT_ENTRIES"].split(","))
missing = chosen - set(app.conf.beat_schedule)
if missing:
    raise LookupError(f"No such beat entries: {sorted(missing)}")

app.conf.beat_schedule = {
    name: {**entry, "schedule": 1.0} for name, entry in app.conf.beat_schedule.items() if name in chosen
}
