"""Background work of the public portal: telling citizens what became of what they sent."""

from celery import shared_task

from portal import tracking


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5, acks_late=True)
def notify_citizens() -> int:
    return tracking.notify_citizens()
