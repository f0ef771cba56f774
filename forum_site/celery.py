"""Celery application: autodiscovers `<app>/tasks.py` and `forums/minutes/tasks.py`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum_site.settings")

app = Celery("forum_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The minutes workflow is a package inside forums, with tasks of its own.
app.autodiscover_tasks(["forums.minutes"])


@app.task(name="forum_site.ping")
def ping() -> str:
    """Answer "pong": proves a worker consumes from the broker (integration tests, manual checks)."""
    return "pong"
