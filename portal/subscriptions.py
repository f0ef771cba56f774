"""Following a municipality or a forum by e-mail: asking, confirming (double opt-in), leaving, and the
events that send alerts.

Whether an address is already subscribed is never told to whoever types it: every request gets the
same answer, and a confirmed address gets no second link. Leaving deletes the address at once.
The forums app announces meetings and minutes through `forums.signals`; `connect()` (called from the
portal's AppConfig.ready()) turns them into Celery tasks.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from forums import signals
from forums.models import Forum
from forums.models import Municipality
from portal import alert_mail
from portal import tasks
from portal.models import Subscription

logger = logging.getLogger(__name__)


def request_subscription(
    *, email: str, language: str, forum: Forum | None = None, municipality: Municipality | None = None
) -> None:
    """Ask to follow a forum or a municipality: a confirmation link goes out after commit.

    Asking again while unconfirmed sends the link again (in the language chosen now); asking for an
    address already confirmed sends nothing, and answers the same.
    """
    email = email.strip().lower()
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=email, forum=forum, municipality=municipality, defaults={"language": language}
        )
        if subscription.is_confirmed:
            return
        if not created:
            subscription.language = language
            subscription.save(update_fields=["language"])
        pk = subscription.pk
        transaction.on_commit(lambda: _queue(tasks.send_confirmation, pk))


def pending_subscription(token: str) -> Subscription | None:
    """The unconfirmed subscription of a confirmation link still within its days, else None."""
    cutoff = timezone.now() - timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
    return Subscription.objects.filter(token=token, confirmed_at__isnull=True, created_at__gte=cutoff).first()


def confirm_subscription(*, token: str) -> Subscription | None:
    """Confirm the subscription of this link; None when the link is unknown, used or expired."""
    with transaction.atomic():
        subscription = pending_subscription(token)
        if subscription is None:
            return None
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


def unsubscribe(*, token: str) -> bool:
    """Leave: the address is erased with everything sent to it. False when the link is unknown."""
    deleted, _by_model = Subscription.objects.filter(token=token).delete()
    return deleted > 0


# --- Events of the forums ----------------------------------------------------------------------------


def _queue(task, *arguments) -> None:
    """Send a task to the broker; when it is down, say so in the log (ids only) and go on.

    The change that caused it is committed already: failing the secretary's request would hide that.
    """
    try:
        task.delay(*arguments)
    except OperationalError:
        logger.warning("Broker unreachable: %s not queued", task.name)


def on_meeting_scheduled(sender, *, meeting_ids: list[int], **kwargs) -> None:
    _queue(tasks.queue_alert, alert_mail.SCHEDULED, list(meeting_ids))


def on_agenda_published(sender, *, meeting_id: int, **kwargs) -> None:
    _queue(tasks.queue_alert, alert_mail.AGENDA, [meeting_id])


def on_minutes_published(sender, *, minutes_id: int, version_number: int, **kwargs) -> None:
    # A correction (version 2 on) tells nobody again: followers were told of the minutes once.
    if version_number == 1:
        _queue(tasks.queue_alert, alert_mail.MINUTES, [minutes_id])


def connect() -> None:
    signals.meeting_scheduled.connect(on_meeting_scheduled, dispatch_uid="portal.alerts.scheduled")
    signals.agenda_published.connect(on_agenda_published, dispatch_uid="portal.alerts.agenda")
    signals.minutes_published.connect(on_minutes_published, dispatch_uid="portal.alerts.minutes")
