"""Background work of the forums: erasing old restricted details (the minutes have their own tasks)."""

from celery import shared_task

from forums import retention


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def erase_expired_restricted_details() -> int:
    return retention.erase_expired_details()
