"""The records the open-data API shows, built only from `portal.queries` and the privacy gate.

Nothing here decides what is public: meetings are `portal.queries.public_meetings()` (public
meetings of active forums), minutes are `portal.queries.minutes_on_record()`, and concerns, actions
and updates pass the Q objects of `forums.privacy`. Restricted concerns and actions never become
records here; they are counted, through `forums.privacy.shown_count`, in `restricted_counts`.

`exposed_ids` answers which records of a kind the API shows right now; the tombstones compare it
before and after a change (see `portal.api.tombstones`).
"""

from collections import defaultdict

from django.db.models import Count
from django.db.models import Exists
from django.db.models import F
from django.db.models import OuterRef
from django.db.models import Prefetch
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models.functions import Coalesce
from django.db.models.functions import Greatest

from actions.models import Action
from actions.models import ActionUpdate
from forums import privacy
from forums.models import Concern
from forums.models import ConcernCategory
from forums.models import Forum
from forums.models import Meeting
from forums.models import Minutes
from forums.models import MinutesVersion
from forums.models import Municipality
from portal import queries
from portal.models import Tombstone


def _latest(queryset: QuerySet, field: str, fallback: str):
    """The newest `field` among `queryset` (correlated to the outer row), or `fallback` when there is none."""
    newest = queryset.order_by(f"-{field}").values(field)[:1]
    return Coalesce(Subquery(newest), F(fallback))


def municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.order_by("slug")


def forums() -> QuerySet[Forum]:
    """Active forums: an inactive forum's pages are gone from the portal, so it is gone from here."""
    return (
        Forum.objects.filter(active=True)
        .select_related("municipality")
        .annotate(last_changed=F("updated_at"))
        .order_by("pk")
    )


def _public_meeting_ids():
    return queries.public_meetings().values("pk")


def _published_minutes_of_meeting():
    return queries.published_minutes().filter(meeting=OuterRef("pk"))


def meetings() -> QuerySet[Meeting]:
    """Public meetings of active forums, with their minutes' versions (withdrawn ones included)."""
    versions = MinutesVersion.objects.order_by("-number", "language")
    of_meeting = MinutesVersion.objects.filter(minutes__meeting=OuterRef("pk"))
    return (
        queries.public_meetings()
        .annotate(
            has_published_minutes=Exists(_published_minutes_of_meeting()),
            # A version published or withdrawn changes the meeting's documents. Changes to its
            # concerns do not count: a restricted one's edits must not show as a moment here.
            last_changed=Greatest(
                "updated_at",
                "forum__updated_at",
                _latest(of_meeting, "published_at", "updated_at"),
                _latest(of_meeting.exclude(withdrawn_at=None), "withdrawn_at", "updated_at"),
            ),
        )
        .prefetch_related(Prefetch("minutes__versions", queryset=versions))
    )


def minutes() -> QuerySet[Minutes]:
    """Minutes ever published of public meetings of active forums; the page lists them the same way."""
    of_minutes = MinutesVersion.objects.filter(minutes=OuterRef("pk"))
    return (
        queries.minutes_on_record()
        .annotate(
            last_changed=Greatest(
                "meeting__updated_at",
                "meeting__forum__updated_at",
                _latest(of_minutes, "published_at", "meeting__updated_at"),
                _latest(of_minutes.exclude(withdrawn_at=None), "withdrawn_at", "meeting__updated_at"),
            )
        )
        .prefetch_related(
            Prefetch("versions", queryset=MinutesVersion.objects.order_by("-number", "language"))
        )
    )


def concerns_in_scope() -> QuerySet[Concern]:
    """Every concern of a public meeting of an active forum, restricted ones too: for counting only."""
    return Concern.objects.filter(meeting__in=_public_meeting_ids())


def actions_in_scope() -> QuerySet[Action]:
    """Every action decided at a public meeting of an active forum: for counting only."""
    return Action.objects.filter(meeting__in=_public_meeting_ids())


def _public_concerns() -> QuerySet[Concern]:
    return concerns_in_scope().filter(privacy.public_concern_q())


def _public_actions() -> QuerySet[Action]:
    # The concern an action answers must itself be on record here: one raised at a closed meeting is not.
    return actions_in_scope().filter(
        privacy.public_action_q(), Q(concern__isnull=True) | Q(concern__meeting__in=_public_meeting_ids())
    )


def public_updates() -> QuerySet[ActionUpdate]:
    return ActionUpdate.objects.filter(privacy.public_update_q()).order_by("created_at", "pk")


def actions() -> QuerySet[Action]:
    """Public actions, with their public updates and what they answer."""
    return (
        _public_actions()
        .annotate(
            concern_public_id=Subquery(_public_concerns().filter(pk=OuterRef("concern")).values("public_id")),
            last_changed=Greatest(
                "updated_at",
                "meeting__updated_at",
                "meeting__forum__updated_at",
                Coalesce("concern__updated_at", "updated_at"),
                _latest(public_updates().filter(action=OuterRef("pk")), "created_at", "updated_at"),
            ),
        )
        .select_related("responsible_body", "concern__category", "meeting__forum__municipality")
        .prefetch_related(Prefetch("updates", queryset=public_updates(), to_attr="public_updates"))
    )


def concerns() -> QuerySet[Concern]:
    """Public concerns, each with its public actions and, when public too, its escalation partner."""
    partners = _public_concerns()
    return (
        _public_concerns()
        .annotate(
            escalated_to_public_id=Subquery(partners.filter(pk=OuterRef("escalated_to")).values("public_id")),
            escalated_from_public_id=Subquery(
                partners.filter(escalated_to=OuterRef("pk")).values("public_id")[:1]
            ),
            has_published_minutes=Exists(queries.published_minutes().filter(meeting=OuterRef("meeting"))),
            # Only public actions and updates move it: a restricted action's edits are no public moment.
            last_changed=Greatest(
                "updated_at",
                "meeting__updated_at",
                "meeting__forum__updated_at",
                _latest(_public_actions().filter(concern=OuterRef("pk")), "updated_at", "updated_at"),
                _latest(public_updates().filter(action__concern=OuterRef("pk")), "created_at", "updated_at"),
            ),
        )
        .select_related("category", "meeting__forum__municipality")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=_public_actions()
                .select_related("responsible_body")
                .prefetch_related(Prefetch("updates", queryset=public_updates(), to_attr="public_updates"))
                .order_by("due_date", "created_at", "pk"),
                to_attr="public_actions",
            )
        )
    )


def tombstones() -> QuerySet[Tombstone]:
    return Tombstone.objects.annotate(last_changed=F("removed_at"))


# --- Counts of what is restricted ------------------------------------------------------------------


def restricted_counts(meeting_ids: list[int]) -> dict[int, dict]:
    """Per meeting: restricted concerns per category and restricted actions, as gated counts.

    The numbers the published minutes print (privacy rule 7: below the threshold they read
    "fewer than N"), in two grouped queries whatever the number of meetings.
    """
    result: dict[int, dict] = defaultdict(
        lambda: {"concerns": [], "actions": privacy.shown_count(0, restricted=0)}
    )
    concern_groups = (
        concerns_in_scope()
        .filter(meeting_id__in=meeting_ids, visibility=Concern.RESTRICTED)
        .values("meeting_id", "category_id", "category__slug", "category__position")
        .annotate(count=Count("pk"))
        .order_by("meeting_id", "category__position", "category__slug")
    )
    category_ids = {group["category_id"] for group in concern_groups}
    categories = ConcernCategory.objects.in_bulk(category_ids)
    for group in concern_groups:
        count = group["count"]
        result[group["meeting_id"]]["concerns"].append(
            (categories[group["category_id"]], privacy.shown_count(count, restricted=count))
        )
    action_groups = (
        actions_in_scope()
        .filter(privacy.restricted_action_q(), meeting_id__in=meeting_ids)
        .values("meeting_id")
        .annotate(count=Count("pk"))
        .order_by("meeting_id")
    )
    for group in action_groups:
        count = group["count"]
        result[group["meeting_id"]]["actions"] = privacy.shown_count(count, restricted=count)
    return result


# --- What the API shows now, for tombstones --------------------------------------------------------


def exposed_ids(scope: dict[str, Q]) -> dict[str, set[str]]:
    """For each kind in `scope`: the ids, as the API writes them, of its records that the API shows
    among those matching the Q object."""
    sources = {
        Tombstone.FORUM: (forums(), "pk"),
        Tombstone.MEETING: (queries.public_meetings(), "pk"),
        Tombstone.MINUTES: (queries.minutes_on_record(), "meeting_id"),
        Tombstone.CONCERN: (_public_concerns(), "public_id"),
        Tombstone.ACTION: (_public_actions(), "public_id"),
    }
    found = {}
    for kind, condition in scope.items():
        queryset, field = sources[kind]
        found[kind] = {str(value) for value in queryset.filter(condition).values_list(field, flat=True)}
    return found
