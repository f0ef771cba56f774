"""Makes the first rendering in a test worker slow, so a test can kill the worker in the middle of it.

Loaded only by workers started with `start_worker(include=("tests.integration.slow_render",))`;
markers go to $TEST_SLOW_RENDER_DIR: `start-<pid>-…` when a rendering starts (the pool process's
id, to kill exactly that one), `done-<pid>-…` when a PDF was made.
"""

import os
import time
import uuid
from pathlib import Path

from forums.minutes import rendering

FIRST_RENDER_SECONDS = 120
render_pdf = rendering.render_minutes_pdf_bytes


def slow_first_render(context: dict, body: str) -> bytes:
    folder = Path(os.environ["TEST_SLOW_RENDER_DIR"])
    first = not any(folder.glob("start-*"))
    (folder / f"start-{os.getpid()}-{uuid.uuid4().hex}").touch()
    if first:
        time.sleep(FIRST_RENDER_SECONDS)
    pdf = render_pdf(context, body)
    (folder / f"done-{os.getpid()}-{uuid.uuid4().hex}").touch()
    return pdf


# Imported in the worker's main process before the pool forks: every pool process has the patch.
rendering.render_minutes_pdf_bytes = slow_first_render
