"""The site's Celery app with a one-second test entry, for `celery -A tests.integration.beat_app beat`.

The site's own schedule stays as it is; the entry proves beat → Redis → worker end to end.
"""

import os

from forum_site.celery import app

app.conf.beat_schedule = {
    **app.conf.beat_schedule,
    "record-run-every-second": {
        "task": "tests.integration.record_run",
        "schedule": 1.0,
        "args": [os.environ["TEST_BEAT_MARKER_DIR"]],
    },
}
