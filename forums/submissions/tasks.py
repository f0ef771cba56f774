"""Background work on citizens' submissions: the secretaries' daily digest and erasing old data."""

from celery import shared_task
from django.utils import timezone

from forums.submissions import digest
from forums.submissions import services

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5, "acks_late": True}


@shared_task(**RETRY)
def send_daily_digests() -> int:
    return digest.send_daily_digests(today=timezone.localdate())


@shared_task(**RETRY)
def erase_expired_submission_data() -> list[int]:
    return list(services.erase_expired_submission_data())
