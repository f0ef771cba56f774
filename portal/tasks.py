"""Celery tasks of the portal: e-mail alerts in batches, confirmation links, erasing unconfirmed addresses,
and telling citizens what became of what they sent.

Tasks take primary keys, load what they need and call `alert_mail`. An alert is split into batches
of ALERT_BATCH_SIZE subscriptions, one task each, so a large list neither holds one worker for long
nor starts again from the top when a batch fails: a retried batch skips what it already sent.
"""

from celery import shared_task
from django.conf import settings

from portal import alert_mail
from portal import tracking
from portal.models import Subscription

RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 5, "acks_late": True}


@shared_task(**RETRY)
def send_confirmation(subscription_id: int) -> bool:
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    return bool(subscription) and alert_mail.send_confirmation(subscription)


@shared_task(**RETRY)
def queue_alert(kind: str, object_ids: list[int]) -> int:
    """Split an alert's recipients into batches and queue one task per batch; answer how many batches."""
    batches = 0
    size = settings.ALERT_BATCH_SIZE
    for alert in alert_mail.alerts_for(kind, object_ids):
        recipients = alert.recipients()
        for start in range(0, len(recipients), size):
            send_alert_batch.delay(kind, object_ids, alert.forum.pk, recipients[start : start + size])
            batches += 1
    return batches


@shared_task(**RETRY, time_limit=300)
def send_alert_batch(kind: str, object_ids: list[int], forum_id: int, subscription_ids: list[int]) -> int:
    sent = 0
    for alert in alert_mail.alerts_for(kind, object_ids):
        if alert.forum.pk == forum_id:
            sent += alert_mail.send_batch(alert, subscription_ids)
    return sent


@shared_task(**RETRY)
def erase_unconfirmed_subscriptions() -> int:
    return alert_mail.erase_unconfirmed()


@shared_task(**RETRY)
def notify_citizens() -> int:
    return tracking.notify_citizens()
