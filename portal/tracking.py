"""What a citizen reads at /track/<code>/, and the e-mail they get when it changes.

Built through the privacy gate (forums.privacy rule 9): never the submitted text; of a restricted
submission neither its category nor any text of the concern and actions that answer it, only
steps, dates, statuses and counts. The page is read by whoever holds the slip with the code, so
it says no more than the citizen needs to follow their matter. Closed meetings, which never
appear on public pages, are not named here either.

The e-mail follows the same status: each change of `Tracking.state` is one e-mail, and once the
matter is closed and the citizen told, their address is erased (forums.submissions.services).
"""

import logging
from dataclasses import dataclass
from dataclasses import field
from datetime import datetime
from types import SimpleNamespace

from django.db import transaction
from django.urls import NoReverseMatch
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from actions.models import Action
from forum_site.lib.emails import send_templated_email
from forum_site.lib.links import absolute_url
from forums import privacy
from forums.models import Concern
from forums.models import Forum
from forums.models import Meeting
from forums.models import Submission
from forums.submissions import services as submission_services
from portal import queries

logger = logging.getLogger(__name__)


def public_url(name: str, *args) -> str:
    """A public page's address, or "" while this site has no such page."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@dataclass
class Step:
    """One line of the citizen's timeline."""

    title: str
    when: datetime | None = None
    detail: str = ""
    url: str = ""
    link_text: str = ""


@dataclass
class ActionLine:
    """An action answering the concern: its title only when it is public."""

    title: str
    status: str
    done: bool


@dataclass
class Tracking:
    """Everything /track/<code>/ shows of one submission, and the state its e-mails follow."""

    submission: Submission
    restricted: bool
    status: str
    steps: list[Step] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    hidden_actions: int = 0
    hidden_actions_done: int = 0
    answer: str = ""
    state: str = ""
    closed: bool = False

    @property
    def category(self):
        """The category, when the page may name it (never for a restricted submission)."""
        return None if self.restricted else self.submission.category


def _meeting_step(meeting: Meeting, *, title: str, when: datetime | None) -> Step:
    if not meeting.is_public:
        return Step(title=title, when=when, detail=_("It is on the agenda of a meeting of the forum."))
    detail = _("On the agenda of meeting %(number)s of %(forum)s, on %(date)s.") % {
        "number": meeting.number,
        "forum": meeting.forum.name,
        "date": timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y %H:%M"),
    }
    url = public_url("portal:meeting_detail", meeting.pk)
    return Step(
        title=title, when=when, detail=detail, url=url, link_text=_("The meeting's page") if url else ""
    )


def _routings(submission: Submission) -> list[Step]:
    """Each time the submission was sent on to another forum, from its change history."""
    rows = submission.history.filter(history_change_reason__startswith="routed to forum").order_by(
        "history_date", "history_id"
    )
    names = {forum.pk: forum.name for forum in Forum.objects.filter(pk__in=[row.forum_id for row in rows])}
    return [
        Step(
            title=_("Sent on to the right forum"),
            when=row.history_date,
            detail=_("Now with %(forum)s.") % {"forum": names.get(row.forum_id, "")},
        )
        for row in rows
    ]


def _concern_steps(tracking: Tracking, concern: Concern) -> None:
    submission, meeting = tracking.submission, concern.meeting
    if submission.status == Submission.ACCEPTED:
        tracking.steps.append(
            _meeting_step(meeting, title=_("Accepted by the forum"), when=submission.answered_at)
        )
    else:
        step = _meeting_step(
            meeting, title=_("Joined to a concern the forum already follows"), when=submission.answered_at
        )
        tracking.steps.append(step)
    tracking.status = _("On the agenda")
    if meeting.status == Meeting.HELD:
        minutes_url = ""
        if meeting.is_public and queries.published_minutes().filter(meeting=meeting).exists():
            minutes_url = reverse("portal:minutes_detail", args=[meeting.pk])
        tracking.steps.append(
            Step(
                title=_("Discussed at the meeting"),
                when=meeting.starts_at if meeting.is_public else None,
                url=minutes_url,
                link_text=_("The minutes of the meeting") if minutes_url else "",
            )
        )
        tracking.status = _("Discussed")
    _actions(tracking, concern)
    if concern.status == Concern.CLOSED:
        reason = concern.get_closing_reason_display()
        detail = str(reason)
        if concern.referred_to and not tracking.restricted:
            detail = _("%(reason)s: %(body)s") % {"reason": reason, "body": concern.referred_to}
        tracking.steps.append(Step(title=_("Closed"), when=concern.closed_at, detail=detail))
        tracking.status = _("Closed: %(reason)s") % {"reason": reason}
        tracking.closed = True


def _actions(tracking: Tracking, concern: Concern) -> None:
    """The actions answering the concern: public ones by title, the others only counted."""
    actions = Action.objects.filter(concern=concern).select_related("responsible_body", "concern")
    for action in actions.order_by("due_date", "pk"):
        done = action.status == Action.DONE
        if privacy.action_is_restricted(action) or tracking.restricted:
            tracking.hidden_actions += 1
            tracking.hidden_actions_done += done
        else:
            tracking.actions.append(ActionLine(action.title, str(action.get_status_display()), done))
    total = len(tracking.actions) + tracking.hidden_actions
    done = sum(line.done for line in tracking.actions) + tracking.hidden_actions_done
    if total and concern.status != Concern.CLOSED:
        tracking.status = _("Actions taken: %(done)d of %(total)d done") % {"done": done, "total": total}


def tracking_of(submission: Submission) -> Tracking:
    """What the citizen may read of their submission now."""
    restricted = privacy.submission_is_restricted(submission)
    tracking = Tracking(submission=submission, restricted=restricted, status=_("Waiting for the forum"))
    if submission.forum_id:
        received = _("Sent to %(forum)s.") % {"forum": submission.forum.name}
    else:
        received = _("The municipal council of %(municipality)s will send it to the right forum.") % {
            "municipality": submission.municipality.name
        }
    tracking.steps.append(Step(title=_("Received"), when=submission.received_at, detail=received))
    tracking.steps += _routings(submission)
    if submission.status in (Submission.ACCEPTED, Submission.MERGED) and submission.concern_id:
        _concern_steps(tracking, submission.concern)
    elif submission.status == Submission.DECLINED:
        reason = submission.get_decline_reason_display()
        tracking.steps.append(Step(title=_("Declined"), when=submission.answered_at, detail=str(reason)))
        tracking.status = _("Declined: %(reason)s") % {"reason": reason}
        tracking.closed = True
    elif submission.status == Submission.ROUTED_TO_POLICE:
        tracking.steps.append(
            Step(
                title=_("Handed to the police"),
                when=submission.answered_at,
                detail=_("It is a case for the police, who follow it up themselves."),
            )
        )
        tracking.status = _("Handed to the police")
        tracking.closed = True
    tracking.answer = submission.public_answer
    done = sum(line.done for line in tracking.actions) + tracking.hidden_actions_done
    total = len(tracking.actions) + tracking.hidden_actions
    concern = submission.concern
    tracking.state = "|".join(
        str(part)
        for part in (
            submission.status,
            submission.forum_id,
            concern.status if concern else "",
            concern.meeting.status if concern else "",
            f"{done}/{total}",
            bool(submission.public_answer),
        )
    )
    return tracking


def _with_relations():
    return Submission.objects.select_related(
        "municipality", "forum", "category", "concern__meeting__forum", "concern__category"
    )


def load(code: str) -> Submission | None:
    """The submission with this tracking code (as stored: see forums.models.normalised_tracking_code)."""
    return _with_relations().filter(tracking_code=code).first()


# --- E-mail to the citizen -------------------------------------------------------------------------


def remember_state(submission: Submission) -> None:
    """Note the state the citizen knows now (from the receipt): the next change is the first e-mail."""
    Submission.objects.filter(pk=submission.pk).update(notified_state=tracking_of(submission).state)


def _language(submission: Submission) -> str:
    return submission.language or submission.municipality.language_codes[0]


def notify_citizen(submission: Submission) -> bool:
    """E-mail the citizen if their status changed since they were last told; answer whether one went.

    Under a row lock, so two runs cannot both send. Once they were told a matter is closed, their
    address is erased. The state is made of codes and ids, so the language does not change it.
    """
    with transaction.atomic():
        if not Submission.objects.select_for_update().filter(pk=submission.pk).exclude(email="").exists():
            return False
        locked = _with_relations().get(pk=submission.pk)
        with translation.override(_language(locked)):
            tracking = tracking_of(locked)
            sent = tracking.state != locked.notified_state
            if sent:
                send_templated_email(
                    name="submission_update",
                    to=SimpleNamespace(email=locked.email),
                    language=_language(locked),
                    context={
                        "tracking": tracking,
                        "restricted": tracking.restricted,
                        "url": absolute_url(reverse("portal:track", args=[locked.display_code])),
                    },
                )
                Submission.objects.filter(pk=locked.pk).update(notified_state=tracking.state)
        if tracking.closed:
            submission_services.erase_email(submission=locked)
    return sent


def notify_citizens() -> int:
    """Tell every citizen who left an address of the changes since they were last told."""
    sent = 0
    for submission in Submission.objects.exclude(email="").only("pk"):
        sent += notify_citizen(submission)
    logger.info("citizens told of changes", extra={"count": sent})
    return sent
