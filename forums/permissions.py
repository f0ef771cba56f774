"""Who may see and change what in a forum. Every staff view, template and service asks here.

All rights derive from active memberships; `is_staff` only opens Django's admin.
Answer 404 for what a person may not see, 403 for what they may see but not change.
"""

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from forums.models import Concern
from forums.models import Forum
from forums.models import Meeting
from forums.models import Membership
from forums.models import VisibilityProposal

# Roles that see a forum's meetings and its public concerns.
FORUM_VIEWER_ROLES = {
    Membership.CHAIR,
    Membership.SECRETARY,
    Membership.POLICE_LIAISON,
    Membership.MUNICIPAL_OFFICER,
    Membership.MEMBER,
}
# Roles that read restricted text (concern details, restricted actions and their updates), and so
# must use two-factor login.
RESTRICTED_VIEWER_ROLES = {Membership.CHAIR, Membership.SECRETARY, Membership.POLICE_LIAISON}
# Every role: an assignment gives rights only while its assignee holds one of them in the forum.
ANY_ROLE = {role for role, _label in Membership.ROLE_CHOICES}
# Roles that record meetings, concerns and actions.
MANAGER_ROLES = {Membership.SECRETARY}


def roles_by_forum(user) -> dict[int, set[str]]:
    """The user's active roles per forum id, read once per request and kept on the user."""
    if not user.is_authenticated:
        return {}
    cached = getattr(user, "_roles_by_forum", None)
    if cached is None:
        cached = defaultdict(set)
        rows = Membership.objects.filter(user=user, active=True, forum__active=True)
        for forum_id, role in rows.values_list("forum_id", "role"):
            cached[forum_id].add(role)
        user._roles_by_forum = cached
    return cached


def forum_ids_with(user, roles: set[str]) -> list[int]:
    return [forum_id for forum_id, held in roles_by_forum(user).items() if held & roles]


def has_role(user, forum_id: int, roles: set[str]) -> bool:
    return bool(roles_by_forum(user).get(forum_id, set()) & roles)


def can_view_forum(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, FORUM_VIEWER_ROLES)


def can_manage_forum(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, MANAGER_ROLES)


def can_see_restricted(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, RESTRICTED_VIEWER_ROLES)


def can_view_concern(user, concern: Concern) -> bool:
    forum = concern.meeting.forum
    if concern.is_restricted:
        return can_see_restricted(user, forum)
    return can_view_forum(user, forum)


def visible_meetings(user) -> QuerySet[Meeting]:
    return Meeting.objects.filter(forum_id__in=forum_ids_with(user, FORUM_VIEWER_ROLES))


def visible_concerns(user) -> QuerySet[Concern]:
    """Public concerns of the forums one sees, plus restricted ones where one may see them."""
    restricted_ok = forum_ids_with(user, RESTRICTED_VIEWER_ROLES)
    viewer = forum_ids_with(user, FORUM_VIEWER_ROLES)
    return Concern.objects.filter(
        Q(meeting__forum_id__in=restricted_ok) | Q(meeting__forum_id__in=viewer, visibility=Concern.PUBLIC)
    )


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def get_forum_for_user(user, slug: str, *, manage: bool = False) -> Forum:
    forum = get_object_or_404(Forum, slug=slug)
    if not can_view_forum(user, forum):
        raise Http404
    if manage:
        _require(can_manage_forum(user, forum))
    return forum


def get_meeting_for_user(
    user, pk: int, *, manage: bool = False, queryset: QuerySet[Meeting] | None = None
) -> Meeting:
    """The meeting if the user may see it (404 otherwise); with `manage`, 403 unless they record it.

    `queryset` reads more with it (a page's annotations).
    """
    queryset = Meeting.objects.all() if queryset is None else queryset
    meeting = get_object_or_404(queryset.select_related("forum__municipality"), pk=pk)
    if not can_view_forum(user, meeting.forum):
        raise Http404
    if manage:
        _require(can_manage_forum(user, meeting.forum))
    return meeting


def get_concern_for_user(user, pk: int, *, manage: bool = False) -> Concern:
    concern = get_object_or_404(
        Concern.objects.select_related("meeting__forum__municipality", "category"), pk=pk
    )
    if not can_view_concern(user, concern):
        raise Http404
    if manage:
        _require(can_manage_forum(user, concern.meeting.forum))
    return concern


def can_close_concern(user, concern: Concern) -> bool:
    """Secretaries and police liaisons of the forum close concerns (with a reason)."""
    return has_role(user, concern.meeting.forum_id, {Membership.SECRETARY, Membership.POLICE_LIAISON})


# --- Minutes -------------------------------------------------------------------------------------
# Who writes, approves and publishes minutes. The chair approves; the secretary writes; either
# publishes approved minutes. Services ask these, views ask them to show or hide buttons.

MINUTES_WRITER_ROLES = {Membership.SECRETARY}
MINUTES_APPROVER_ROLES = {Membership.CHAIR}
MINUTES_PUBLISHER_ROLES = {Membership.SECRETARY, Membership.CHAIR}


def can_write_minutes(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, MINUTES_WRITER_ROLES)


def can_approve_minutes(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, MINUTES_APPROVER_ROLES)


def can_publish_minutes(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, MINUTES_PUBLISHER_ROLES)


def can_work_on_minutes(user, forum: Forum) -> bool:
    """Whether the minutes page is more than read-only for this user."""
    return can_write_minutes(user, forum) or can_approve_minutes(user, forum)


# --- Audit trail ---------------------------------------------------------------------------------
# The chair answers for the forum's records; superusers read the same history in the admin.

AUDIT_READER_ROLES = {Membership.CHAIR}


def can_read_audit(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, AUDIT_READER_ROLES)


# --- Making a sensitive concern public -----------------------------------------------------------
# Two people (forums.privacy rule 1): the secretary proposes, the chair confirms or declines.
# Proposals are read by those who read restricted concerns, since they are about one.

PUBLICATION_PROPOSER_ROLES = {Membership.SECRETARY}
PUBLICATION_CONFIRMER_ROLES = {Membership.CHAIR}


def can_propose_public(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, PUBLICATION_PROPOSER_ROLES)


def can_confirm_public(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, PUBLICATION_CONFIRMER_ROLES)


def get_proposal_for_user(user, pk: int, *, decide: bool = False) -> VisibilityProposal:
    """The proposal if the user reads restricted concerns of its forum (404); with `decide`, 403 unless chair."""
    proposal = get_object_or_404(
        VisibilityProposal.objects.select_related(
            "concern__meeting__forum__municipality", "concern__category", "proposed_by", "decided_by"
        ),
        pk=pk,
    )
    forum = proposal.concern.meeting.forum
    if not can_see_restricted(user, forum):
        raise Http404
    if decide:
        _require(can_confirm_public(user, forum))
    return proposal


# --- The trust survey ------------------------------------------------------------------------------
# Citizens' comments are read by the secretary, who files them under a theme, and the chair; the
# public sees only shares of answers (forums.privacy rule 8).

SURVEY_READER_ROLES = {Membership.SECRETARY, Membership.CHAIR}
SURVEY_MODERATOR_ROLES = {Membership.SECRETARY}


def can_read_survey(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, SURVEY_READER_ROLES)


def can_moderate_survey(user, forum: Forum) -> bool:
    return has_role(user, forum.pk, SURVEY_MODERATOR_ROLES)
