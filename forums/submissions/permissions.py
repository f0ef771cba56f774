"""Who reads what citizens sent, and who decides on it.

The citizen's words may hold anything, a name or a place of a domestic-violence case: only the
roles that read restricted text (chair, secretary, police liaison, with two factors) read them,
and only the secretary decides. A submission belongs to the forum the citizen chose; one sent
with "I don't know" belongs to its municipality's council (MCSC), whose secretary routes it, or,
where the municipality has no active council, to each of its active forums.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from forums.models import Concern, Forum, Submission
from forums.permissions import MANAGER_ROLES, RESTRICTED_VIEWER_ROLES, forum_ids_with

READER_ROLES = RESTRICTED_VIEWER_ROLES
DECIDER_ROLES = MANAGER_ROLES


def routing_forums(municipality_id: int) -> QuerySet[Forum]:
    """The forums whose queue holds the municipality's submissions sent with "I don't know"."""
    active = Forum.objects.filter(municipality_id=municipality_id, active=True)
    councils = active.filter(kind=Forum.MCSC)
    return councils if councils.exists() else active


def handling_forums(submission: Submission) -> list[Forum]:
    """The forums whose queue the submission is in."""
    if submission.forum_id is not None:
        return [submission.forum]
    return list(routing_forums(submission.municipality_id))


def _routing_municipality_ids(forum_ids: list[int]) -> set[int]:
    """Municipalities whose "I don't know" submissions one of these forums routes."""
    municipalities = set(Forum.objects.filter(pk__in=forum_ids).values_list("municipality_id", flat=True))
    return {m for m in municipalities if routing_forums(m).filter(pk__in=forum_ids).exists()}


def _submissions_of(forum_ids: list[int]) -> QuerySet[Submission]:
    return Submission.objects.filter(
        Q(forum_id__in=forum_ids)
        | Q(forum__isnull=True, municipality_id__in=_routing_municipality_ids(forum_ids))
    )


def readable_submissions(user) -> QuerySet[Submission]:
    return _submissions_of(forum_ids_with(user, READER_ROLES))


def queue(forum: Forum) -> QuerySet[Submission]:
    """What waits for the forum's decision."""
    return _submissions_of([forum.pk]).filter(status=Submission.RECEIVED)


def can_read_submission(user, submission: Submission) -> bool:
    readers = set(forum_ids_with(user, READER_ROLES))
    return any(forum.pk in readers for forum in handling_forums(submission))


def can_decide_submission(user, submission: Submission) -> bool:
    deciders = set(forum_ids_with(user, DECIDER_ROLES))
    return any(forum.pk in deciders for forum in handling_forums(submission))


def decider_forums(user, submission: Submission) -> list[Forum]:
    """The forums of the submission's queue whose secretary this user is: where they may accept it."""
    deciders = set(forum_ids_with(user, DECIDER_ROLES))
    return [forum for forum in handling_forums(submission) if forum.pk in deciders]


def get_submission_for_user(user, pk: int, *, decide: bool = False) -> Submission:
    """The submission if the user reads it (404 otherwise); with `decide`, 403 unless they decide on it."""
    submission = get_object_or_404(
        Submission.objects.select_related("municipality", "forum", "category", "meeting", "concern__meeting"),
        pk=pk,
    )
    if not can_read_submission(user, submission):
        raise Http404
    if decide and not can_decide_submission(user, submission):
        raise PermissionDenied
    return submission


def queues_for(user) -> list[dict]:
    """For the dashboard: per forum whose submissions the user reads, how many wait, how many restricted."""
    forums = Forum.objects.filter(pk__in=forum_ids_with(user, READER_ROLES)).order_by("name")
    entries = []
    for forum in forums:
        waiting = queue(forum)
        restricted = waiting.filter(visibility=Concern.RESTRICTED)
        entries.append({"forum": forum, "waiting": waiting.count(), "restricted": restricted.count()})
    return entries
