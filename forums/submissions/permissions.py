"""Who reads what citizens sent, and who decides on it.

The citizen's words may hold anything, a name or a place of a domestic-violence case: only the
roles that read restricted text (chair, secretary, police liaison, with two factors) read them,
and only the secretary decides. A submission belongs to the forum the citizen chose; one sent
with "I don't know" belongs to its municipality's council (MCSC), whose secretary routes it, or,
where the municipality has no active council, to each of its active forums.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.db.models import Q
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from forums.models import Concern
from forums.models import Forum
from forums.models import Submission
from forums.permissions import MANAGER_ROLES
from forums.permissions import RESTRICTED_VIEWER_ROLES
from forums.permissions import forum_ids_with

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


def forums_beside(forum_ids: list[int]) -> QuerySet[Forum]:
    """Every active forum in the municipalities of these forums (these too, if active)."""
    municipalities = Forum.objects.filter(pk__in=forum_ids).values("municipality_id")
    return Forum.objects.filter(active=True, municipality_id__in=municipalities)


def _active_forums_beside(
    forum_ids: list[int], beside: list[Forum] | None = None
) -> list[tuple[int, int, str, str]]:
    """(pk, municipality, kind, name) of every active forum in the municipalities of these forums.

    One query, none if `beside` holds forums_beside() of these forums or of more (the dashboard's).
    """
    if beside is None:
        forums = forums_beside(forum_ids).only(
            "pk", "municipality_id", "kind", "name_sq", "name_sr", "name_tr"
        )
    else:
        municipalities = {forum.municipality_id for forum in beside if forum.pk in forum_ids}
        forums = [forum for forum in beside if forum.municipality_id in municipalities]
    # The name in the reader's language (a property over the three stored names).
    return [(forum.pk, forum.municipality_id, forum.kind, forum.name) for forum in forums]


def _routers(forums: list[tuple[int, int, str, str]]) -> dict[int, set[int]]:
    """Per municipality, the forums that route its "I don't know" submissions (see routing_forums)."""
    councils: dict[int, set[int]] = defaultdict(set)
    active: dict[int, set[int]] = defaultdict(set)
    for pk, municipality_id, kind, _name in forums:
        active[municipality_id].add(pk)
        if kind == Forum.MCSC:
            councils[municipality_id].add(pk)
    return {municipality_id: councils[municipality_id] or ids for municipality_id, ids in active.items()}


def _routing_municipality_ids(forum_ids: list[int]) -> set[int]:
    """Municipalities whose "I don't know" submissions one of these forums routes."""
    routers = _routers(_active_forums_beside(forum_ids))
    return {municipality_id for municipality_id, ids in routers.items() if ids & set(forum_ids)}


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


@dataclass
class QueueCount:
    """What waits in one forum's queue, for the dashboard."""

    forum: str
    waiting: int = 0
    restricted: int = 0


def queues_for(user, *, beside: list[Forum] | None = None) -> list[QueueCount]:
    """Per forum whose submissions the user reads: how many wait, how many of them restricted.

    Two queries; one if the caller has read the forums around the user's (`beside`, see
    _active_forums_beside).
    """
    forum_ids = forum_ids_with(user, READER_ROLES)
    if not forum_ids:
        return []
    forums = _active_forums_beside(forum_ids, beside)
    routers = _routers(forums)
    counts = {pk: QueueCount(name) for pk, _municipality, _kind, name in forums if pk in forum_ids}
    routed = {m for m, ids in routers.items() if ids & set(forum_ids)}
    waiting = (
        Submission.objects.filter(status=Submission.RECEIVED)
        .filter(Q(forum_id__in=forum_ids) | Q(forum__isnull=True, municipality_id__in=routed))
        .values_list("forum_id", "municipality_id", "visibility")
        .annotate(count=Count("pk"))
    )
    for forum_id, municipality_id, visibility, count in waiting:
        queues = [forum_id] if forum_id else [pk for pk in routers.get(municipality_id, ()) if pk in counts]
        for pk in queues:
            counts[pk].waiting += count
            counts[pk].restricted += count if visibility == Concern.RESTRICTED else 0
    return sorted(counts.values(), key=lambda entry: entry.forum)
