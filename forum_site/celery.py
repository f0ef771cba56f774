"""Celery application: autodiscovers `<app>/tasks.py`, `forums/minutes/tasks.py` and `forums/submissions/tasks.py`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum_site.settings")

app = Celery("forum_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The minutes and the citizens' submissions are packages inside forums, with tasks of their own.
app.autodiscover_tasks(["forums.minutes", "forums.submissions"])


@app.task(name="forum_site.ping")
def ping() -> str:
    """Answer "pong": proves a worker consumes from the broker (integration tests, manual checks)."""
    return "pong"
