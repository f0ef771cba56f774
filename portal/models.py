"""What the portal keeps of its own: the records its open-data API stopped showing."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    """A record the open-data API showed and no longer shows: its kind, public id and when, never why.

    Clients that keep copies learn here what to delete (a concern restricted, a meeting closed, a
    forum deactivated). Only records that were public get one, so tombstones never tell of a
    restricted record the public did not already know.
    """

    FORUM = "forum"
    MEETING = "meeting"
    MINUTES = "minutes"
    CONCERN = "concern"
    ACTION = "action"
    KIND_CHOICES = [
        (FORUM, _("Forum")),
        (MEETING, _("Meeting")),
        (MINUTES, _("Minutes")),
        (CONCERN, _("Concern")),
        (ACTION, _("Action")),
    ]

    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    # The identifier the API gave the record: a number for forums, meetings and minutes, a UUID otherwise.
    record_id = models.CharField(_("record"), max_length=36)
    removed_at = models.DateTimeField(_("removed at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["removed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["kind", "record_id"], name="one_tombstone_per_record")]
        verbose_name = _("removed open-data record")
        verbose_name_plural = _("removed open-data records")

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id} @ {self.removed_at:%Y-%m-%d %H:%M}"
