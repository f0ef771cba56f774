"""What the portal keeps of its own: the records its open-data API stopped showing, where to get
help, and who follows a forum by e-mail."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forums.models import Forum
from forums.models import Municipality


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


class HelpEntry(models.Model):
    """Where a citizen can get help now, beside the police emergency number; administrators keep these.

    An entry is written in one language for one municipality (or, without one, for all of Kosovo).
    Phone numbers live here as data, never in the code: the only number the code knows is the
    national emergency number, 192.
    """

    POLICE_APP = "police_app"
    VICTIM_SUPPORT = "victim_support"
    FORUM_CONTACT = "forum_contact"
    OTHER = "other"
    KIND_CHOICES = [
        (POLICE_APP, _("Community-policing app")),
        (VICTIM_SUPPORT, _("Victim support")),
        (FORUM_CONTACT, _("Contact of a forum")),
        (OTHER, _("Other help")),
    ]

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="help_entries",
        verbose_name=_("municipality"),
        help_text=_("Empty: a service for all of Kosovo, shown to everyone."),
    )
    forum = models.ForeignKey(
        Forum,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="help_entries",
        verbose_name=_("forum"),
        help_text=_("For a forum's contact: the forum. It disappears from the page when the forum closes."),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Who they help and how."))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    hours = models.CharField(_("when to reach them"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("shown on the help page"), default=True)

    class Meta:
        ordering = ["municipality__name_sq", "position", "name"]
        verbose_name = _("help entry")
        verbose_name_plural = _("help entries")

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"

    def clean(self) -> None:
        if self.forum_id and not self.municipality_id:
            self.municipality = self.forum.municipality
        if self.forum_id and self.forum.municipality_id != self.municipality_id:
            raise ValidationError({"forum": _("Choose a forum of the entry's municipality.")})
        if not (self.phone or self.email or self.website):
            raise ValidationError(
                _("Give at least one way to reach them: a phone, an e-mail address or a website.")
            )

    @property
    def phone_uri(self) -> str:
        """The number as a tel: link dials it: digits and a leading plus only."""
        digits = "".join(char for char in self.phone if char.isdigit())
        return f"+{digits}" if self.phone.strip().startswith("+") else digits


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Subscription(models.Model):
    """An e-mail address following a municipality's forums or one forum: confirmed, or erased in days.

    The address is personal data: it is never shown or exported in full (the admin sees counts),
    never logged, and deleted, not flagged, when its owner leaves.
    """

    email = models.EmailField(_("e-mail address"), db_index=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("municipality"),
    )
    forum = models.ForeignKey(
        Forum,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        verbose_name=_("forum"),
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    # In the confirmation link and in every alert's unsubscribe link: whoever holds it may leave.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipality__isnull=True, forum__isnull=False)
                | models.Q(municipality__isnull=False, forum__isnull=True),
                name="subscription_follows_one_thing",
            ),
            models.UniqueConstraint(fields=["email", "forum"], name="one_subscription_per_forum"),
            models.UniqueConstraint(
                fields=["email", "municipality"], name="one_subscription_per_municipality"
            ),
        ]
        verbose_name = _("e-mail alert subscription")
        verbose_name_plural = _("e-mail alert subscriptions")

    def __str__(self) -> str:
        # Never the address: this string reaches the admin's messages and logs.
        return f"subscription {self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def followed(self) -> "Forum | Municipality":
        return self.forum or self.municipality


class SentAlert(models.Model):
    """An alert one subscription was sent, so a retried batch sends it no second time."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="sent_alerts")
    key = models.CharField(max_length=60)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["subscription", "key"], name="one_alert_per_subscription")
        ]

    def __str__(self) -> str:
        return f"{self.key} → subscription {self.subscription_id}"
