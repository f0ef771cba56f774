"""Follow-up actions taken on by police and municipality, and their progress."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forums import privacy
from forums.models import Concern
from forums.models import Meeting
from forums.models import Membership
from forums.models import Municipality
from forums.models import NamedInLanguages
from forums.models import TracksChanges


class ResponsibleBody(NamedInLanguages):
    """A police unit or municipal directorate that can be made responsible for actions."""

    POLICE = "police"
    MUNICIPAL = "municipal"
    OTHER = "other"
    KIND_CHOICES = [
        (POLICE, _("Police unit")),
        (MUNICIPAL, _("Municipal directorate")),
        (OTHER, _("Other institution")),
    ]

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="responsible_bodies",
        verbose_name=_("municipality"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=KIND_CHOICES)
    name_sq = models.CharField(_("name (Albanian)"), max_length=200)
    name_sr = models.CharField(_("name (Serbian, Latin script)"), max_length=200, blank=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=200, blank=True)
    handles_sensitive_cases = models.BooleanField(
        _("handles sensitive cases"),
        default=False,
        help_text=_(
            "E.g. a domestic-violence investigation unit: its actions are always restricted, "
            "and only people with two-factor login may be assigned them."
        ),
    )

    class Meta:
        ordering = ["municipality", "kind", "name_sq"]
        verbose_name = _("responsible body")
        verbose_name_plural = _("responsible bodies")

    @property
    def is_police(self) -> bool:
        return self.kind == self.POLICE

    @property
    def member_institution(self) -> str:
        """The institution a forum member must be from to hold this body's actions; empty: any."""
        return {self.POLICE: Membership.POLICE, self.MUNICIPAL: Membership.MUNICIPALITY}.get(self.kind, "")


class Action(TracksChanges):
    """A follow-up action answering a concern or a meeting decision."""

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"
    STATUS_CHOICES = [
        (OPEN, _("Open")),
        (IN_PROGRESS, _("In progress")),
        (DONE, _("Done")),
        (CANCELLED, _("Cancelled")),
    ]
    ACTIVE_STATUSES = (OPEN, IN_PROGRESS)

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"
    PRIORITY_CHOICES = [(LOW, _("Low")), (NORMAL, _("Normal")), (HIGH, _("High")), (URGENT, _("Urgent"))]

    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name=_("meeting"),
        help_text=_("The meeting where the action was decided."),
    )
    concern = models.ForeignKey(
        Concern,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("concern"),
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    responsible_body = models.ForeignKey(
        ResponsibleBody, on_delete=models.PROTECT, related_name="actions", verbose_name=_("responsible body")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_actions",
        verbose_name=_("assignee"),
    )
    due_date = models.DateField(_("due date"))
    priority = models.CharField(_("priority"), max_length=10, choices=PRIORITY_CHOICES, default=NORMAL)
    marked_restricted = models.BooleanField(
        _("restricted"),
        default=False,
        help_text=_(
            "Keep this action's text off public pages. Actions answering a restricted concern, or given "
            "to a body that handles sensitive cases, are restricted anyway."
        ),
    )
    status = models.CharField(_("status"), max_length=12, choices=STATUS_CHOICES, default=OPEN)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The open-data API's name for the action: sequential keys would count the restricted ones.
    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["status", "due_date"]),
            # Actions in a status at given meetings: a forum's open ones (the dashboard's lists,
            # actions.pages), and the home page's done ones counted from this index alone.
            models.Index(fields=["status", "meeting"], name="action_status_meeting"),
        ]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        # The admin shows this in titles, breadcrumbs, its log and change history: a restricted
        # action is named by number only, its text stays inside the (logged) change form.
        if self.is_restricted:
            return _("Restricted action #%(number)s") % {"number": self.pk}
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("actions:action_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_active and self.due_date < timezone.localdate()

    @property
    def is_restricted(self) -> bool:
        """Whether only two-factor roles may read its text (the rule lives in forums.privacy)."""
        return privacy.action_is_restricted(self)


class ActionUpdate(models.Model):
    """A progress note on an action; public ones show on the accountability pages."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="action_updates"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"))
    old_status = models.CharField(max_length=12, choices=Action.STATUS_CHOICES, blank=True)
    new_status = models.CharField(_("new status"), max_length=12, choices=Action.STATUS_CHOICES, blank=True)
    is_public = models.BooleanField(
        _("public"), default=False, help_text=_("Public updates are shown to citizens.")
    )

    class Meta:
        ordering = ["action", "created_at"]
        # The accountability timeline lists the latest public updates.
        indexes = [models.Index(fields=["created_at"])]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")

    def __str__(self) -> str:
        return f"{self.action} @ {self.created_at:%Y-%m-%d}"


class Notification(models.Model):
    """A reminder e-mail that was sent, so that no reminder ever goes out twice."""

    ASSIGNED = "assigned"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    DIGEST = "digest"
    KIND_CHOICES = [
        (ASSIGNED, _("Assignment")),
        (DUE_SOON, _("Due-date reminder")),
        (OVERDUE, _("Overdue notice")),
        (DIGEST, _("Weekly digest")),
    ]

    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    # What the notice is about: the due date reminded of, the week of a digest, the assignee assigned.
    key = models.CharField(max_length=40)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "recipient", "action", "key"], name="unique_notification"
            ),
            models.UniqueConstraint(
                fields=["kind", "recipient", "key"],
                condition=models.Q(action__isnull=True),
                name="unique_notification_without_action",
            ),
        ]
        verbose_name = _("notification sent")
        verbose_name_plural = _("notifications sent")

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_id} ({self.key})"
