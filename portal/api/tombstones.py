"""Tombstones: when a record leaves the open-data API, clients that copied it learn to delete it.

A concern restricted, an action given to a body that handles sensitive cases, a meeting closed,
a forum deactivated: each makes records vanish from the lists, and a client syncing with
`updated_since` would keep its stale public copy for ever. So every save or deletion of a record
that can change what the API shows compares the records it shows before and after (with the very
querysets the API lists, `records.exposed_ids`): a record that was shown and is not any more gets a
tombstone; one that comes back loses its tombstone (and its `updated_at` moved, so clients fetch it).

Only records that were shown get a tombstone, so a tombstone tells nothing the public did not know.
"""

from django.db.models import Q
from django.db.models.signals import post_delete
from django.db.models.signals import post_save
from django.db.models.signals import pre_delete
from django.db.models.signals import pre_save
from django.utils import timezone

from actions.models import Action
from actions.models import ResponsibleBody
from forums.models import Concern
from forums.models import Forum
from forums.models import Meeting
from portal.api.records import exposed_ids
from portal.models import Tombstone

BEFORE = "_open_data_shown_before"


def _scope(instance) -> dict[str, Q]:
    """The records whose presence in the API a change of `instance` may affect, per kind."""
    if isinstance(instance, Forum):
        of_forum = Q(meeting__forum_id=instance.pk)
        return {
            Tombstone.FORUM: Q(pk=instance.pk),
            Tombstone.MEETING: Q(forum_id=instance.pk),
            Tombstone.MINUTES: of_forum,
            Tombstone.CONCERN: of_forum,
            Tombstone.ACTION: of_forum | Q(concern__meeting__forum_id=instance.pk),
        }
    if isinstance(instance, Meeting):
        return {
            Tombstone.MEETING: Q(pk=instance.pk),
            Tombstone.MINUTES: Q(meeting_id=instance.pk),
            Tombstone.CONCERN: Q(meeting_id=instance.pk),
            Tombstone.ACTION: Q(meeting_id=instance.pk) | Q(concern__meeting_id=instance.pk),
        }
    if isinstance(instance, Concern):
        return {Tombstone.CONCERN: Q(pk=instance.pk), Tombstone.ACTION: Q(concern_id=instance.pk)}
    if isinstance(instance, Action):
        return {Tombstone.ACTION: Q(pk=instance.pk)}
    if isinstance(instance, ResponsibleBody):
        return {Tombstone.ACTION: Q(responsible_body_id=instance.pk)}
    return {}


def _remember(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None or instance._state.adding:
        return  # a new record has no copy anywhere yet
    setattr(instance, BEFORE, exposed_ids(_scope(instance)))


def _compare(sender, instance, raw=False, **kwargs) -> None:
    before = instance.__dict__.pop(BEFORE, None)
    if raw or before is None:
        return
    after = exposed_ids(_scope(instance))
    record_changes(before, after)


def record_changes(before: dict[str, set[str]], after: dict[str, set[str]]) -> None:
    now = timezone.now()
    gone = [
        Tombstone(kind=kind, record_id=record_id, removed_at=now)
        for kind, ids in before.items()
        for record_id in sorted(ids - after.get(kind, set()))
    ]
    if gone:
        Tombstone.objects.bulk_create(
            gone, update_conflicts=True, unique_fields=["kind", "record_id"], update_fields=["removed_at"]
        )
    for kind, ids in after.items():
        back = ids - before.get(kind, set())
        if back:
            Tombstone.objects.filter(kind=kind, record_id__in=back).delete()


def connect() -> None:
    for model in (Forum, Meeting, Concern, Action, ResponsibleBody):
        uid = f"open-data-tombstones-{model._meta.label_lower}"
        pre_save.connect(_remember, sender=model, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(_compare, sender=model, dispatch_uid=f"{uid}-post-save")
        pre_delete.connect(_remember, sender=model, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(_compare, sender=model, dispatch_uid=f"{uid}-post-delete")
