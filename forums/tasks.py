"""Background work of the forums: rendering published minutes, erasing old restricted details."""

import logging

from celery import shared_task
from celery.exceptions import Retry

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


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def erase_expired_restricted_details() -> int:
    return retention.erase_expired_details()
