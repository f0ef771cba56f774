"""Diagnostic tasks that only the test workers load (`celery worker -I tests.integration.worker_tasks`)."""

import os
import time
import uuid
from pathlib import Path

from celery import shared_task


@shared_task(name="tests.integration.record_run", acks_late=True, reject_on_worker_lost=True)
def record_run(marker_dir: str, first_run_seconds: float = 0) -> int:
    """Leave a start and a done marker; only the first delivery sleeps, so it can be killed midway."""
    folder = Path(marker_dir)
    first = not any(folder.glob("start-*"))
    # The pool process's id is in the name: a test kills exactly the process running this task.
    (folder / f"start-{os.getpid()}-{uuid.uuid4().hex}").touch()
    if first:
        time.sleep(first_run_seconds)
    (folder / f"done-{os.getpid()}-{uuid.uuid4().hex}").touch()
    return os.getpid()
