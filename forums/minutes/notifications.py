"""E-mails of the minutes workflow: the chair learns that minutes await their approval.

E-mail leaves the site, so it names the forum, the meeting, its date and a link, never what the
minutes say (privacy rule 7).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils import translation

from forum_site.lib.emails import send_templated_email
from forum_site.lib.links import absolute_url
from forums import permissions
from forums.models import Membership
from forums.models import Minutes
from forums.models import display_name
from forums.models import email_language


def notify_chairs_of_submission(minutes: Minutes) -> int:
    """E-mail each active chair of the forum that the minutes await approval; answer how many were sent."""
    if minutes.status != Minutes.SUBMITTED:
        return 0  # approved or returned before the task ran: nothing waits for the chair
    meeting = minutes.meeting
    forum = meeting.forum
    chairs = Membership.objects.filter(
        forum=forum, role__in=permissions.MINUTES_APPROVER_ROLES, active=True, user__is_active=True
    ).select_related("user")
    sent = 0
    for user in {membership.user for membership in chairs}:
        if not user.email:
            continue
        language = email_language(user, forum)
        with translation.override(language):
            url = absolute_url(reverse("minutes:detail", args=[meeting.pk]))
        send_templated_email(
            name="minutes_submitted",
            to=user,
            language=language,
            context={
                "forum": forum,
                "meeting": meeting,
                "starts_at": timezone.localtime(meeting.starts_at),
                "submitted_by": display_name(minutes.submitted_by) if minutes.submitted_by else "",
                "url": url,
            },
        )
        sent += 1
    return sent
