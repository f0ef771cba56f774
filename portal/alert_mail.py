"""What the e-mail alerts say, to whom, and sending them: one message per subscriber, in their language.

An alert tells that a public meeting was scheduled, that its agenda is out, or that its minutes
were published: the forum, the date and place, and links. Never any text of the minutes or of a
concern (privacy rule 7): the pages the links open go through the privacy gate. Not even a published
agenda's titles: a sent e-mail cannot be withdrawn when a record is restricted later (rule 8 of
`forums.privacy`), so the agenda alert links to the meeting's page, and goes out only while the
gate lets the agenda be public.

Each message carries List-Unsubscribe and List-Unsubscribe-Post (RFC 8058), so a mail program can
unsubscribe in one click. A message is recorded as sent in the same transaction that sends it: a
retried batch skips those already sent. Addresses are never logged, only subscription ids.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.db import IntegrityError
from django.db import transaction
from django.db.models import Q
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils import translation

from forum_site.lib.emails import send_templated_email
from forum_site.lib.links import absolute_url
from forums import privacy
from forums import survey
from forums.models import Forum
from forums.models import Meeting
from forums.models import Minutes
from portal import queries
from portal.models import SentAlert
from portal.models import Subscription

logger = logging.getLogger(__name__)

SCHEDULED = "scheduled"
AGENDA = "agenda"
MINUTES = "minutes"
KINDS = (SCHEDULED, AGENDA, MINUTES)


def unsubscribe_url(subscription: Subscription) -> str:
    return absolute_url(reverse("portal:unsubscribe", args=[subscription.token]))


def unsubscribe_headers(subscription: Subscription) -> dict[str, str]:
    """RFC 2369 and RFC 8058: a mail program offers "unsubscribe" and POSTs to the link in one click."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscription)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def send_confirmation(subscription: Subscription) -> bool:
    """Send the double opt-in link; nothing happens for an address already confirmed or erased."""
    if subscription.is_confirmed:
        return False
    with translation.override(subscription.language):
        context = {
            "followed": subscription.followed,
            "confirm_url": absolute_url(reverse("portal:subscribe_confirm", args=[subscription.token])),
            "days": settings.SUBSCRIPTION_CONFIRM_DAYS,
        }
    send_templated_email(
        name="subscription_confirm", to=subscription, language=subscription.language, context=context
    )
    logger.info("subscription confirmation sent", extra={"subscription_id": subscription.pk})
    return True


def erase_unconfirmed(*, now=None) -> int:
    """Erase the addresses nobody confirmed within SUBSCRIPTION_CONFIRM_DAYS days; answer how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.SUBSCRIPTION_CONFIRM_DAYS)
    erased, _by_model = Subscription.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).delete()
    return erased


# --- Who is told ---------------------------------------------------------------------------------------


def followers_of(forum: Forum) -> QuerySet[Subscription]:
    """Confirmed subscriptions to the forum itself or to its municipality."""
    return Subscription.objects.filter(confirmed_at__isnull=False).filter(
        Q(forum=forum) | Q(municipality_id=forum.municipality_id)
    )


@dataclass
class Alert:
    """One thing to tell a forum's followers: what kind, about which meetings, under which key."""

    kind: str
    forum: Forum
    meetings: list[Meeting]
    key: str  # one message per subscription and key, however often a batch is retried
    minutes: Minutes | None = None

    def recipients(self) -> list[int]:
        return list(followers_of(self.forum).order_by("pk").values_list("pk", flat=True))


def scheduled_alerts(meeting_ids: Iterable[int]) -> list[Alert]:
    """Meetings just scheduled, one alert per forum: upcoming public meetings of active forums only."""
    meetings = queries.upcoming_public_meetings().filter(pk__in=list(meeting_ids))
    by_forum: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_forum.setdefault(meeting.forum_id, []).append(meeting)
    return [
        Alert(kind=SCHEDULED, forum=group[0].forum, meetings=group, key=f"{SCHEDULED}:{group[0].pk}")
        for group in by_forum.values()
    ]


def agenda_alert(meeting_id: int) -> Alert | None:
    """An upcoming public meeting whose agenda the public may read now (none with restricted words)."""
    meeting = queries.upcoming_public_meetings().filter(pk=meeting_id).first()
    if meeting is None or meeting.pk not in privacy.public_agendas([meeting]):
        return None
    return Alert(kind=AGENDA, forum=meeting.forum, meetings=[meeting], key=f"{AGENDA}:{meeting.pk}")


def minutes_alert(minutes_id: int) -> Alert | None:
    """Minutes of a public meeting of an active forum, with a version the public may read."""
    minutes = queries.published_minutes().filter(pk=minutes_id).first()
    if minutes is None:
        return None
    meeting = minutes.meeting
    return Alert(
        kind=MINUTES, forum=meeting.forum, meetings=[meeting], key=f"{MINUTES}:{minutes.pk}", minutes=minutes
    )


def alerts_for(kind: str, object_ids: list[int]) -> list[Alert]:
    """The alerts a task was asked to send, rebuilt from primary keys (meetings, or the minutes)."""
    if kind == SCHEDULED:
        return scheduled_alerts(object_ids)
    single = {AGENDA: agenda_alert, MINUTES: minutes_alert}[kind](object_ids[0])
    return [single] if single else []


# --- Sending -----------------------------------------------------------------------------------------


def _context(alert: Alert) -> dict:
    """What the message says, with links in the active (the subscriber's) language."""
    forum = alert.forum
    meeting = alert.meetings[0]
    context = {
        "kind": alert.kind,
        "forum": forum,
        "municipality": forum.municipality,
        "meetings": [
            (m, timezone.localtime(m.starts_at), absolute_url(reverse("portal:meeting_detail", args=[m.pk])))
            for m in alert.meetings
        ],
        "meetings_url": absolute_url(reverse("portal:meeting_list")),
        "calendar_url": absolute_url(reverse("portal:meetings_ics")),
    }
    if alert.kind == MINUTES:
        context["minutes_url"] = absolute_url(reverse("portal:minutes_detail", args=[meeting.pk]))
        if survey.is_open(meeting):
            context["survey_url"] = absolute_url(reverse("portal:feedback", args=[meeting.pk]))
    return context


def send_alert(alert: Alert, subscription: Subscription, *, connection=None) -> bool:
    """Send one subscriber the alert unless it was sent before; answer whether it was sent now."""
    try:
        with transaction.atomic():
            SentAlert.objects.create(subscription=subscription, key=alert.key)
            with translation.override(subscription.language):
                context = {**_context(alert), "unsubscribe_url": unsubscribe_url(subscription)}
            send_templated_email(
                name=f"alert_{alert.kind}",
                to=subscription,
                language=subscription.language,
                context=context,
                headers=unsubscribe_headers(subscription),
                connection=connection,
            )
    except IntegrityError:
        return False
    return True


def send_batch(alert: Alert, subscription_ids: list[int]) -> int:
    """Send the alert to these subscriptions (still confirmed, still following) over one connection."""
    subscriptions = followers_of(alert.forum).filter(pk__in=subscription_ids).order_by("pk")
    sent = 0
    with get_connection() as connection:
        for subscription in subscriptions:
            sent += send_alert(alert, subscription, connection=connection)
    logger.info("alert batch sent", extra={"key": alert.key, "sent": sent, "asked": len(subscription_ids)})
    return sent
