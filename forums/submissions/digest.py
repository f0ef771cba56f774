"""The secretaries' daily e-mail: what citizens sent that waits for their forum.

It names each submission by number, category and date, with a link: never its text, not even of
the public ones (privacy rule 7; the citizen's words may hold anything). Restricted ones are
marked so, nothing more.
"""

import datetime
import logging

from django.urls import reverse

from forum_site.lib.emails import send_templated_email
from forum_site.lib.links import absolute_url
from forums.models import Forum
from forums.models import Membership
from forums.submissions import permissions

logger = logging.getLogger(__name__)


def _language(membership: Membership) -> str:
    return membership.language or membership.forum.municipality.language_codes[0]


def send_daily_digests(*, today: datetime.date) -> int:
    """One e-mail per secretary of each forum whose queue is not empty; answer how many were sent."""
    sent = 0
    for forum in Forum.objects.filter(active=True).select_related("municipality"):
        waiting = list(permissions.queue(forum).select_related("category").order_by("received_at", "pk"))
        if not waiting:
            continue
        secretaries = Membership.objects.filter(
            forum=forum, active=True, role__in=permissions.DECIDER_ROLES, user__is_active=True
        ).select_related("user", "forum__municipality")
        for membership in secretaries:
            if not membership.user.email:
                continue
            send_templated_email(
                name="submission_digest",
                to=membership.user,
                language=_language(membership),
                context={
                    "forum": forum,
                    "submissions": waiting,
                    "today": today,
                    "url": absolute_url(reverse("submissions:queue")),
                },
            )
            sent += 1
    logger.info("submission digests sent", extra={"count": sent})
    return sent
