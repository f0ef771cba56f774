"""Who may make a concern public or restricted, and what follows when it changes.

Restricting a concern, by whoever records it, withdraws the published minutes that showed it
(forums.minutes.services.withdraw_minutes_showing), and an escalated concern's two records follow
each other both ways.

Two people publish a sensitive concern (forums.privacy rule 1). A concern in a category restricted by
default (domestic violence, violent extremism) becomes public only when the secretary proposes it
with a reason and the chair confirms it; the view makes the chair re-authenticate for that step
(forum_site.lib.reauth). log_concern and update_concern refuse to make such a concern public. Each
step is a history row of the proposal naming who, and the concern's own history names the proposal
that made it public. Restricting it again needs nobody's confirmation.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import permissions
from forums import privacy
from forums.audit import records_history
from forums.errors import ForumError
from forums.minutes.services import withdraw_minutes_showing
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Meeting
from forums.models import VisibilityProposal


def escalation_partner(concern: Concern) -> Concern | None:
    """The other record of an escalated concern: the council's copy, or the committee's original."""
    if concern.escalated_to_id:
        return concern.escalated_to
    return Concern.objects.filter(escalated_to=concern).first()


@records_history
def change_visibility(*, concern: Concern, visibility: str, by) -> Concern:
    """Make a concern public or restricted, together with its escalation partner.

    The two records of an escalation are one concern in two forums, so they share a visibility
    both ways (privacy rule 4), whoever changes it. Callers check who may change it.
    """
    if visibility not in dict(Concern.VISIBILITY_CHOICES):
        raise ForumError(_("Choose public or restricted."), field="visibility")
    with transaction.atomic():
        changed = []
        for record in (concern, escalation_partner(concern)):
            if record is None or record.visibility == visibility:
                continue
            record.visibility = visibility
            record.save(update_fields=["visibility"])
            changed.append(record)
        if changed and visibility == Concern.RESTRICTED:
            withdraw_minutes_showing(
                meetings=[record.meeting for record in changed],
                texts=[text for record in changed for text in _public_texts_of(record)],
                by=by,
            )
    return concern


def _public_texts_of(concern: Concern) -> list[str]:
    """What public minutes may have shown of a concern: each summary it ever had and each title its
    actions ever had (minutes show them as they were then, and they may have been corrected since)."""
    summaries = privacy.texts_ever_held(Concern.objects.filter(pk=concern.pk), "summary")
    # The actions reached through the relation: forums never imports actions.
    titles = privacy.texts_ever_held(concern.actions.all(), "title")
    return [text for _pk, text in sorted(summaries | titles)]


def _publishes_alone(
    *, category: ConcernCategory, visibility: str | None, before: Concern | None = None
) -> bool:
    """Whether saving would make public, without the chair, a concern only two people may publish.

    `before` is the concern as stored (None for a new one).
    """
    if visibility != Concern.PUBLIC:
        return False
    if before is None:
        return privacy.category_needs_two_people(category)
    if before.visibility != Concern.PUBLIC:
        # The old category counts too: re-categorising and publishing in one save is no way round.
        return privacy.needs_two_people_to_publish(before) or privacy.category_needs_two_people(category)
    # Already public (confirmed earlier): only a move into such a category needs the chair.
    return category.pk != before.category_id and privacy.category_needs_two_people(category)


def refuse_publishing_alone(
    *, category: ConcernCategory, visibility: str | None, before: Concern | None = None
) -> None:
    """Refuse a save that would make public, without the chair, a concern only two people may publish."""
    if not _publishes_alone(category=category, visibility=visibility, before=before):
        return
    raise ForumError(
        _(
            "A concern in this category becomes public only when the chair confirms it. Save it as "
            "restricted, then propose it for publication from the concern's page."
        ),
        field="visibility",
    )


def pending_proposal(concern: Concern) -> VisibilityProposal | None:
    """The proposal awaiting a chair for this concern or its escalation partner (they share a visibility)."""
    partner = escalation_partner(concern)
    records = [concern.pk] + ([partner.pk] if partner else [])
    return (
        VisibilityProposal.objects.filter(concern_id__in=records, status=VisibilityProposal.PENDING)
        .select_related("proposed_by", "concern__meeting__forum")
        .first()
    )


def _save_proposal(proposal: VisibilityProposal, *, reason: str) -> None:
    proposal._change_reason = reason
    proposal.save()


def _decide(proposal: VisibilityProposal, *, by, status: str) -> VisibilityProposal:
    """Record the chair's decision (`status`: confirmed or declined), inside the caller's transaction.

    The proposal is re-read under a row lock, so that a double click cannot decide it twice.
    """
    locked = VisibilityProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.status == VisibilityProposal.CONFIRMED:
        raise ForumError(_("This proposal was already confirmed."))
    if locked.status == VisibilityProposal.DECLINED:
        raise ForumError(_("This proposal was already declined."))
    locked.status = status
    locked.decided_by, locked.decided_at = by, timezone.now()
    _save_proposal(locked, reason=status)
    return locked


def _name_latest_change(concern: Concern, reason: str) -> None:
    """Write why into the concern's newest history row (the save itself happened in change_visibility)."""
    latest = concern.history.order_by("-history_date", "-history_id").first()
    if latest is not None:
        type(latest).objects.filter(pk=latest.pk).update(history_change_reason=reason)


@records_history
def propose_public(*, concern: Concern, by, reason: str) -> VisibilityProposal:
    """The secretary asks the chair to make public a concern of a category restricted by default."""
    if not permissions.can_propose_public(by, concern.meeting.forum):
        raise ForumError(_("Only the forum's secretary can propose to make a concern public."))
    reason = reason.strip()
    if not reason:
        raise ForumError(
            _("Say why the concern may be public, for example: general awareness topic, no case."),
            field="reason",
        )
    with transaction.atomic():
        # Lock the concern so two clicks cannot both propose; the database also allows one pending proposal.
        locked = Concern.objects.select_for_update().get(pk=concern.pk)
        if not privacy.needs_two_people_to_publish(locked):
            raise ForumError(
                _("Concerns of this category need no proposal: change their visibility on the form.")
            )
        if locked.visibility == Concern.PUBLIC:
            raise ForumError(_("This concern is already public."))
        if pending_proposal(locked) is not None:
            raise ForumError(_("A proposal to make this concern public is already waiting for the chair."))
        proposal = VisibilityProposal(concern=locked, reason=reason, proposed_by=by)
        _save_proposal(proposal, reason="proposed")
    return proposal


@records_history
def confirm_public(*, proposal: VisibilityProposal, by) -> VisibilityProposal:
    """The chair confirms: the concern, and its escalation partner, become public.

    The view has made the chair re-authenticate. Whoever proposed cannot also confirm, even
    when they hold both roles.
    """
    if not permissions.can_confirm_public(by, proposal.concern.meeting.forum):
        raise ForumError(_("Only the forum's chair can confirm that a concern becomes public."))
    if proposal.proposed_by_id == by.pk:
        raise ForumError(_("Two people must agree: whoever proposed it cannot also confirm it."))
    with transaction.atomic():
        proposal = _decide(proposal, by=by, status=VisibilityProposal.CONFIRMED)
        concern = proposal.concern
        changing = [r for r in (concern, escalation_partner(concern)) if r is not None and r.is_restricted]
        change_visibility(concern=concern, visibility=Concern.PUBLIC, by=by)
        for record in changing:
            _name_latest_change(record, f"made public by proposal #{proposal.pk}")
    return proposal


@records_history
def decline_public(*, proposal: VisibilityProposal, by) -> VisibilityProposal:
    """The chair declines: the concern stays restricted, and the secretary may propose again later."""
    if not permissions.can_confirm_public(by, proposal.concern.meeting.forum):
        raise ForumError(_("Only the forum's chair can decline a proposal to make a concern public."))
    with transaction.atomic():
        proposal = _decide(proposal, by=by, status=VisibilityProposal.DECLINED)
    return proposal


@dataclass(frozen=True)
class SensitivePublication:
    """A concern of a category restricted by default that is public, or proposed to be, at one meeting."""

    concern: Concern
    confirmed: VisibilityProposal | None  # the latest confirmed proposal of it or its escalation partner
    pending: VisibilityProposal | None


def sensitive_publications(meeting: Meeting) -> list[SensitivePublication]:
    """What the chair checks beside the minutes preview: which sensitive concerns show their text, and why."""
    concerns = [
        c
        for c in meeting.concerns.select_related("category").order_by("pk")
        if privacy.needs_two_people_to_publish(c)
    ]
    # An escalated concern's two records share one visibility: a proposal on either one counts.
    owner = {c.pk: c.pk for c in concerns}
    owner.update({c.escalated_to_id: c.pk for c in concerns if c.escalated_to_id})
    owner.update(Concern.objects.filter(escalated_to__in=concerns).values_list("pk", "escalated_to_id"))
    confirmed: dict[int, VisibilityProposal] = {}
    pending: dict[int, VisibilityProposal] = {}
    proposals = (
        VisibilityProposal.objects.filter(concern_id__in=owner)
        .exclude(status=VisibilityProposal.DECLINED)
        .select_related("proposed_by", "decided_by")
        .order_by("proposed_at", "pk")
    )
    for proposal in proposals:
        found = confirmed if proposal.status == VisibilityProposal.CONFIRMED else pending
        found[owner[proposal.concern_id]] = proposal  # later ones win
    return [
        SensitivePublication(c, confirmed.get(c.pk), pending.get(c.pk))
        for c in concerns
        if not c.is_restricted or c.pk in pending
    ]
