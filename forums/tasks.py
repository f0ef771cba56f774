"""Background work of the forums: rendering published minutes, erasing old restricted details."""

import datetime
import logging

from celery import shared_task
from celery.exceptions import Retry
from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from forums import retention, services
from forums.models import Minutes

logger = logging.getLogger(__name__)

# Seconds to wait before retry n (1, 2, …): 30 s, 1 min, 2 min, 4 min, 8 min.
RETRY_BASE_SECONDS = 30


@shared_task(bind=True, acks_late=True, max_retries=5, time_limit=300, soft_time_limit=240)
def render_minutes_pdf(
    self, minutes_pk: int, version_number: int, by_pk: int | None = None
) -> "bool | Retry":
    """Render version `version_number` of the minutes; retried with backoff, failure shown to staff."""
    try:
        return services.render_minutes_version(
            minutes_pk=minutes_pk, version_number=version_number, by_pk=by_pk
        )
    except Minutes.DoesNotExist:
        return False  # deleted meanwhile: nothing to publish, nothing to retry
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            logger.exception("Rendering minutes %s v%s failed for good", minutes_pk, version_number)
            # The message is shown to staff: the kind of error, never data from the minutes.
            services.mark_rendering_failed(minutes_pk=minutes_pk, error=type(exc).__name__)
            return False
        retry = self.retry(exc=exc, countdown=RETRY_BASE_SECONDS * 2**self.request.retries, throw=False)
        if self.request.is_eager:
            # In eager mode (tests, `make run`) Celery re-runs a returned retry in-process at once,
            # whereas a raised one would propagate to the request that published.
            return retry
        raise retry from exc


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
        number = services.next_version_number(minutes)
        # The last change is the queuing, made by whoever published.
        by_pk = minutes.history.order_by("-history_date").values_list("history_user_id", flat=True).first()
        if services.send_rendering(render_minutes_pdf, minutes.pk, number, by_pk):
            logger.info("Re-queued the rendering of minutes %s v%s", minutes.pk, number)
            sent += 1
    return sent


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def erase_expired_restricted_details() -> int:
    return retention.erase_expired_details()
