"""Demo cases of the privacy rules, made through the real services after the demo's minutes exist.

So that anyone walking the demo meets each rule at work in Prishtinë:
- a proposal to make a domestic-violence concern public, waiting for the chair, and one confirmed;
- an action given to the domestic-violence unit without its concern (restricted by its body);
- a restricted action with internal updates;
- a minutes version withdrawn because a concern in it was restricted after publication, and the
  corrected version that replaced it;
- an escalated concern whose original in the committee was restricted afterwards (its council copy
  followed it).
Runs once: a second `seed_demo` finds the proposals and adds nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from actions import services as action_services
from actions.models import Action
from actions.models import ResponsibleBody
from forums import privacy
from forums import services
from forums import visibility
from forums.minutes import services as minutes_services
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership
from forums.models import Minutes
from forums.models import VisibilityProposal

COUNCIL = "kksb-prishtine"
AWARENESS_REASON = "Temë e përgjithshme ndërgjegjësimi, pa asnjë rast konkret."
UNLINKED_ACTION = "Vizitë parandaluese te familjet e raportuara nga shkolla"
INTERNAL_NOTES = [
    "Kontakti i parë u realizua; familja pranoi takimin e radhës.",
    "Rasti u koordinua me Qendrën për Punë Sociale.",
]


def _member(forum: Forum, role: str):
    return forum.memberships.filter(role=role, active=True).select_related("user").first().user


def seed() -> None:
    if VisibilityProposal.objects.exists():
        return
    council = Forum.objects.get(slug=COUNCIL)
    secretary, chair = _member(council, Membership.SECRETARY), _member(council, Membership.CHAIR)
    police = _member(council, Membership.POLICE_LIAISON)
    _proposals(council, secretary=secretary, chair=chair)
    _sensitive_actions(council, secretary=secretary, police=police)
    _withdrawn_version(council, secretary=secretary, chair=chair)
    _restricted_escalation(council)


def _proposals(forum: Forum, *, secretary, chair) -> None:
    """One awareness-topic concern made public by two people, and one waiting for the chair."""
    upcoming = forum.meetings.filter(status=Meeting.PLANNED).order_by("starts_at").first()
    domestic = ConcernCategory.objects.get(slug="domestic-violence")
    confirmed = services.log_concern(
        meeting=upcoming,
        by=secretary,
        category=domestic,
        summary="Fushatë ndërgjegjësimi në shkolla kundër dhunës në familje",
        source=Concern.SOURCE_MUNICIPALITY,
    )
    proposal = visibility.propose_public(concern=confirmed, by=secretary, reason=AWARENESS_REASON)
    visibility.confirm_public(proposal=proposal, by=chair)
    waiting = services.log_concern(
        meeting=upcoming,
        by=secretary,
        category=domestic,
        summary="Informim i qytetarëve për linjat e ndihmës për viktimat",
        source=Concern.SOURCE_CIVIL_SOCIETY,
    )
    visibility.propose_public(concern=waiting, by=secretary, reason=AWARENESS_REASON)


def _sensitive_actions(forum: Forum, *, secretary, police) -> None:
    """An unlinked action to the domestic-violence unit, and a restricted action with internal notes."""
    unit = ResponsibleBody.objects.get(
        municipality=forum.municipality, handles_sensitive_cases=True, name_sq__contains="Dhunës"
    )
    meeting = forum.meetings.filter(status=Meeting.HELD).order_by("-starts_at").first()
    action_services.assign_action(
        meeting=meeting,
        by=secretary,
        title=UNLINKED_ACTION,
        responsible_body=unit,
        due_date=timezone.localdate() + datetime.timedelta(days=21),
        assignee=police,
    )
    restricted = (
        Action.objects.filter(meeting__forum=forum, status__in=Action.ACTIVE_STATUSES)
        .filter(privacy.restricted_action_q())
        .exclude(title=UNLINKED_ACTION)
        .first()
    )
    for note in INTERNAL_NOTES if restricted else []:
        action_services.post_update(action=restricted, by=police, note=note, is_public=False)


def _withdrawn_version(forum: Forum, *, secretary, chair) -> None:
    """A public concern of published minutes restricted afterwards: version 1 withdrawn, version 2 out."""
    concern = (
        Concern.objects.filter(
            meeting__forum=forum,
            meeting__is_public=True,
            meeting__minutes__status=Minutes.PUBLISHED,
            visibility=Concern.PUBLIC,
            escalated_to__isnull=True,
            category__restricted_by_default=False,
        )
        .order_by("-meeting__starts_at", "pk")
        .first()
    )
    if concern is None:
        return  # no minutes published yet (rendered by a worker, later): nothing to withdraw
    with transaction.atomic():
        services.update_concern(concern=concern, by=secretary, visibility=Concern.RESTRICTED)
    minutes = Minutes.objects.get(meeting=concern.meeting)
    if minutes.status == Minutes.DRAFT:
        # Its decisions named the concern's action: the secretary takes the line out and publishes again.
        titles = set(concern.actions.values_list("title", flat=True))
        decisions = "\n".join(
            line for line in minutes.decisions.splitlines() if not any(t in line for t in titles)
        )
        minutes_services.edit_minutes(
            minutes=minutes, by=secretary, narrative=minutes.narrative, decisions=decisions
        )
        minutes_services.submit_minutes(minutes=minutes, by=secretary)
        minutes_services.approve_minutes(minutes=minutes, by=chair)
        with transaction.atomic():
            minutes_services.publish_minutes(minutes=minutes, by=secretary)


def _restricted_escalation(council: Forum) -> None:
    """An escalated concern whose committee original was restricted later; the copy follows."""
    original = Concern.objects.filter(escalated_to__meeting__forum=council, visibility=Concern.PUBLIC).first()
    if original is None:
        return
    committee = original.meeting.forum
    with transaction.atomic():
        services.update_concern(
            concern=original, by=_member(committee, Membership.SECRETARY), visibility=Concern.RESTRICTED
        )
