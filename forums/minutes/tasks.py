"""Background work of the minutes: rendering a published version, re-queueing lost renders, and
telling the chair that minutes await approval.

Tasks take primary keys, load the objects and call `rendering`; they are sent only after the
transaction that asked for them commits (see `services`).
"""

import datetime
import logging

from celery import shared_task
from celery.exceptions import Retry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import OuterRef
from django.db.models import Subquery
from django.utils import timezone
from kombu.exceptions import OperationalError

from forums.minutes import notifications
from forums.minutes import rendering
from forums.models import Minutes

logger = logging.getLogger(__name__)

# Seconds to wait before retry n (1, 2, …): 30 s, 1 min, 2 min, 4 min, 8 min.
RETRY_BASE_SECONDS = 30


@shared_task(bind=True, acks_late=True, max_retries=5, time_limit=300, soft_time_limit=240)
def render_minutes_pdf(
    self, minutes_pk: int, version_number: int, by_pk: int | None = None
) -> "bool | Retry":
    """Render version `version_number` of the minutes; retried with backoff, failure shown to staff."""
    minutes = Minutes.objects.select_related("meeting__forum__municipality", "approved_by").filter(
        pk=minutes_pk
    )
    minutes = minutes.first()
    if minutes is None:
        return False  # deleted meanwhile: nothing to publish, nothing to retry
    by = get_user_model().objects.filter(pk=by_pk).first() if by_pk else None
    try:
        return rendering.render_minutes_version(minutes=minutes, version_number=version_number, by=by)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            logger.exception("Rendering minutes %s v%s failed for good", minutes_pk, version_number)
            # The message is shown to staff: the kind of error, never data from the minutes.
            rendering.mark_rendering_failed(minutes=minutes, error=type(exc).__name__, by=None)
            return False
        retry = self.retry(exc=exc, countdown=RETRY_BASE_SECONDS * 2**self.request.retries, throw=False)
        if self.request.is_eager:
            # In eager mode (tests, `make run`) Celery re-runs a returned retry in-process at once,
            # whereas a raised one would propagate to the request that published.
            return retry
        raise retry from exc


def send_rendering(minutes_pk: int, number: int, by_pk: int | None) -> bool:
    """Hand the rendering to the broker; when it is unreachable the minutes stay queued.

    The publication is already committed: failing the request would hide that from the secretary.
    `requeue_stalled_renders` sends it again once the broker is back.
    """
    try:
        # Nobody waits for the result: with a result backend configured, asking for one would also
        # subscribe to it, which hangs for 20 s when Redis is down instead of failing at once.
        render_minutes_pdf.apply_async((minutes_pk, number, by_pk), ignore_result=True)
    except OperationalError:
        # Only the id: the message of a broker error can carry connection details.
        logger.warning("Broker unreachable: rendering of minutes %s stays queued", minutes_pk)
        return False
    return True


@shared_task(acks_late=True)
def requeue_stalled_renders(older_than_seconds: int | None = None) -> int:
    """Send again the renderings queued longer ago than the threshold; returns how many were sent.

    A publication made while the broker was down stays `queued` with no task anywhere. Sending a
    task that is in fact still waiting or retrying is harmless: the render finds its version and stops.
    """
    if older_than_seconds is None:
        older_than_seconds = settings.MINUTES_RENDER_REQUEUE_AFTER_SECONDS
    cutoff = timezone.now() - datetime.timedelta(seconds=older_than_seconds)
    # The minutes have no "queued at" field; their change history records when they were queued.
    last_change = Minutes.history.filter(id=OuterRef("pk")).order_by("-history_date").values("history_date")
    stalled = (
        Minutes.objects.filter(status=Minutes.APPROVED, render_state=Minutes.RENDER_QUEUED)
        .annotate(queued_at=Subquery(last_change[:1]))
        .filter(queued_at__lte=cutoff)
    )
    sent = 0
    for minutes in stalled:
        number = rendering.next_version_number(minutes)
        # The last change is the queuing, made by whoever published.
        by_pk = minutes.history.order_by("-history_date").values_list("history_user_id", flat=True).first()
        if send_rendering(minutes.pk, number, by_pk):
            logger.info("Re-queued the rendering of minutes %s v%s", minutes.pk, number)
            sent += 1
    return sent


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def notify_minutes_submitted(minutes_pk: int) -> int:
    """E-mail the chair that the minutes await approval; answer how many e-mails were sent."""
    minutes = (
        Minutes.objects.select_related("meeting__forum__municipality", "submitted_by")
        .filter(pk=minutes_pk)
        .first()
    )
    return notifications.notify_chairs_of_submission(minutes) if minutes else 0


def send_submission_notice(minutes_pk: int) -> None:
    """Queue the chair's e-mail; the submission is committed, so a broker outage only logs."""
    try:
        notify_minutes_submitted.apply_async((minutes_pk,), ignore_result=True)
    except OperationalError:
        logger.warning("Broker unreachable: the chair was not e-mailed about minutes %s", minutes_pk)
