"""Forums, their members, meetings and what is raised there."""

import calendar
import secrets
import uuid
from datetime import date
from datetime import datetime
from datetime import timedelta
from html import unescape

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import OuterRef
from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from forum_site.lib import search_text
from forum_site.lib.transliteration import latin_to_cyrillic


def localized_name(name_sq: str, name_sr: str = "", name_tr: str = "", name_en: str = "") -> str:
    """The name for the active language, the Albanian one where none is recorded in it.

    Serbian Cyrillic is derived from the Serbian Latin name; an Albanian name is never transliterated.
    """
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language == "sr":
        return latin_to_cyrillic(name_sr) if name_sr else name_sq
    chosen = {"sr-latn": name_sr, "tr": name_tr, "en": name_en}.get(language, "")
    return chosen or name_sq


# A translated field's suffix (`location_sr`), by the language codes it serves.
TRANSLATION_SUFFIXES = {"sr": {"sr-latn", "sr"}, "tr": {"tr"}}


class InReaderLanguage:
    """A model property: the text of `field` in the reader's language (`field_sr` in Serbian, Cyrillic
    derived; `field_tr` in Turkish), the text of `field` itself where none is recorded in it."""

    def __init__(self, field: str):
        self.field = field

    def __get__(self, record, owner=None):
        if record is None:
            return self
        field = self.field
        return localized_name(
            getattr(record, field), getattr(record, f"{field}_sr"), getattr(record, f"{field}_tr")
        )


class NamedInLanguages(models.Model):
    """A record with `name_sq`, `name_sr` and `name_tr`: named in the reader's language wherever shown.

    Each model declares its own name fields: their lengths differ, and a category has an English one.
    """

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized_name(self.name_sq, self.name_sr, self.name_tr)


class TracksChanges(models.Model):
    """A record whose `updated_at` moves on every save: open-data clients sync by it (`updated_since`)."""

    updated_at = models.DateTimeField(_("last changed"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # auto_now skips a save that names its fields (`update_fields=["visibility"]`), yet that is a
        # change a client must learn of: a concern made public again must reach its copy.
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "updated_at"}
        super().save(*args, **kwargs)


class Municipality(NamedInLanguages):
    """A municipality that runs safety forums; named in Albanian, Serbian and Turkish."""

    name_sq = models.CharField(_("name (Albanian)"), max_length=100)
    name_sr = models.CharField(_("name (Serbian, Latin script)"), max_length=100, blank=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    languages = models.CharField(
        _("languages of its documents"),
        max_length=50,
        default="sq,sr-latn",
        help_text=_("Comma-separated language codes the municipality publishes minutes in."),
    )

    class Meta:
        ordering = ["name_sq"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        # The admin's lists and choices: both names, whatever the admin's language.
        if self.name_sr and self.name_sr != self.name_sq:
            return f"{self.name_sq} / {self.name_sr}"
        return self.name_sq

    @property
    def language_codes(self) -> list[str]:
        return [code.strip() for code in self.languages.split(",") if code.strip()]

    @property
    def translation_suffixes(self) -> list[str]:
        """The suffixes of the translated fields it writes (`_sr`, `_tr`): the languages other than
        Albanian it works in; Serbian in either script is written once, in Latin."""
        codes = set(self.language_codes)
        return [suffix for suffix, languages in TRANSLATION_SUFFIXES.items() if languages & codes]

    @property
    def document_languages(self) -> list[str]:
        """The languages its minutes are published in: those listed that the site knows.

        Serbian comes in both scripts. Names are recorded in Latin script, and a reader who chose
        Cyrillic gets the same minutes in Cyrillic (labels from the Cyrillic catalogue, names
        transliterated), whichever script the municipality listed.
        """
        known = {code for code, _name in settings.LANGUAGES}
        codes = [code for code in self.language_codes if code in known]
        if "sr-latn" in codes and "sr" not in codes:
            codes.insert(codes.index("sr-latn") + 1, "sr")
        return codes


class Forum(NamedInLanguages, TracksChanges):
    """A Municipal Community Safety Council or a Local Public Safety Committee."""

    MCSC = "mcsc"
    LPSC = "lpsc"
    KIND_CHOICES = [
        (MCSC, _("Municipal Community Safety Council")),
        (LPSC, _("Local Public Safety Committee")),
    ]

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="forums", verbose_name=_("municipality")
    )
    kind = models.CharField(_("kind"), max_length=4, choices=KIND_CHOICES)
    name_sq = models.CharField(_("name (Albanian)"), max_length=200)
    name_sr = models.CharField(_("name (Serbian, Latin script)"), max_length=200, blank=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), unique=True)
    area = models.CharField(
        _("area served"),
        max_length=200,
        blank=True,
        help_text=_("For an LPSC: the villages or neighbourhoods."),
    )
    active = models.BooleanField(_("active"), default=True)
    quorum = models.PositiveSmallIntegerField(
        _("quorum"),
        default=5,
        validators=[MinValueValidator(1, _("The quorum must be at least 1 member."))],
        help_text=_("Members who must be present for decisions."),
    )

    class Meta:
        ordering = ["municipality__name_sq", "kind", "name_sq"]
        verbose_name = _("forum")
        verbose_name_plural = _("forums")

    @property
    def is_mcsc(self) -> bool:
        return self.kind == self.MCSC

    def get_absolute_url(self) -> str:
        return reverse("forums:forum_detail", args=[self.slug])


class Membership(models.Model):
    """A person's role in one forum; every object permission derives from these."""

    CHAIR = "chair"
    SECRETARY = "secretary"
    POLICE_LIAISON = "police_liaison"
    MUNICIPAL_OFFICER = "municipal_officer"
    MEMBER = "member"
    ROLE_CHOICES = [
        (CHAIR, _("Chair")),
        (SECRETARY, _("Secretary")),
        (POLICE_LIAISON, _("Police liaison officer")),
        (MUNICIPAL_OFFICER, _("Municipal officer")),
        (MEMBER, _("Member")),
    ]

    POLICE = "police"
    MUNICIPALITY = "municipality"
    SCHOOL = "school"
    CIVIL_SOCIETY = "civil_society"
    RELIGIOUS = "religious"
    COMMUNITY = "community"
    INSTITUTION_CHOICES = [
        (POLICE, _("Kosovo Police")),
        (MUNICIPALITY, _("Municipality")),
        (SCHOOL, _("School")),
        (CIVIL_SOCIETY, _("Civil society")),
        (RELIGIOUS, _("Religious community")),
        (COMMUNITY, _("Community representative")),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("forum")
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLE_CHOICES)
    institution = models.CharField(_("institution"), max_length=20, choices=INSTITUTION_CHOICES)
    active = models.BooleanField(_("active"), default=True)
    language = models.CharField(
        _("language for e-mails"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Empty: the municipality's first language."),
    )

    class Meta:
        ordering = ["forum", "role", "user__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "forum", "role"], name="unique_role_per_forum")
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{display_name(self.user)} — {self.get_role_display()} ({self.forum})"


def email_language(user, forum: Forum) -> str:
    """The language someone reads a forum's e-mails in: their membership's choice, else the municipality's first."""
    membership = Membership.objects.filter(user=user, forum=forum, active=True).exclude(language="").first()
    return membership.language if membership else forum.municipality.language_codes[0]


def display_name(user) -> str:
    """How an official is named on pages: full name, else the e-mail's local part."""
    return user.get_full_name() or user.email.split("@")[0] or user.get_username()


# Meetings are dated within this range. A typo such as year 0001 or 9999 would otherwise be stored,
# and adding a series' months, a calendar event's length or a time-zone shift to it overflows Python's
# datetime: the public calendar and pages would fail for everyone.
FIRST_MEETING_DAY = date(2000, 1, 1)
LAST_MEETING_DAY = date(2100, 12, 31)


def is_meeting_day(starts_at: datetime) -> bool:
    """Whether a meeting may start then. Compares the day in the moment's own time zone: no shift."""
    return FIRST_MEETING_DAY <= starts_at.date() <= LAST_MEETING_DAY


def meeting_day_error(starts_at: datetime) -> str:
    """Why this start cannot be a meeting's, or an empty string."""
    if is_meeting_day(starts_at):
        return ""
    return _("Choose a date between %(first)s and %(last)s.") % {
        "first": FIRST_MEETING_DAY.isoformat(),
        "last": LAST_MEETING_DAY.isoformat(),
    }


def series_end_error(starts_at: datetime, repeat_monthly: int) -> str:
    """Why a monthly series from this start would end outside the range, or an empty string.

    Dates only grow along a series, so a series whose first and last meetings are in the range
    has every meeting in it.
    """
    if not is_meeting_day(starts_at) or is_meeting_day(add_months(starts_at, repeat_monthly - 1)):
        return ""
    return _("A series starting then would run past %(last)s; schedule fewer meetings.") % {
        "last": LAST_MEETING_DAY.isoformat()
    }


def add_months(moment: datetime, months: int) -> datetime:
    """The same day and time `months` later, clamped to the month's last day (31 Jan → 28 Feb)."""
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


STEP_FREE_CHOICES = [
    ("", _("Not stated")),
    ("yes", _("Yes: no steps to the meeting room")),
    ("no", _("No: there are steps")),
]


class MeetingQuerySet(models.QuerySet):
    def with_neighbours(self) -> "MeetingQuerySet":
        """Each meeting with the starts of its forum's meetings around it, read in the same query:
        they fill `Meeting.previous_start` and `Meeting.next_planned_start`, which otherwise ask."""
        same_forum = Meeting.objects.filter(forum_id=OuterRef("forum_id")).order_by().values("starts_at")
        return self.annotate(
            previous_start=Subquery(Meeting.previous_of(same_forum, OuterRef("starts_at"))[:1]),
            next_planned_start=Subquery(Meeting.next_planned_of(same_forum, OuterRef("starts_at"))[:1]),
        )


class Meeting(TracksChanges):
    """One sitting of a forum, numbered within the forum."""

    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"
    STATUS_CHOICES = [(PLANNED, _("Planned")), (HELD, _("Held")), (CANCELLED, _("Cancelled"))]

    forum = models.ForeignKey(
        Forum, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("forum")
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    starts_at = models.DateTimeField(_("starts at"))
    location = models.CharField(_("location"), max_length=200)
    # Where and how citizens can come: shown on the public meeting page and in its calendar event.
    address = models.CharField(
        _("address"), max_length=300, blank=True, help_text=_("Street and town of the place, for citizens.")
    )
    step_free_access = models.CharField(
        _("step-free access"), max_length=3, choices=STEP_FREE_CHOICES, blank=True, default=""
    )
    interpretation = models.CharField(
        _("interpretation"),
        max_length=200,
        blank=True,
        help_text=_("Languages interpreted at the meeting, e.g. Albanian–Serbian, sign language."),
    )
    access_notes = models.TextField(
        _("other access notes"),
        blank=True,
        help_text=_("For example the entrance to use, a lift, parking. Shown to the public."),
    )
    is_public = models.BooleanField(
        _("open to the public"), default=True, help_text=_("Closed meetings never appear on public pages.")
    )
    # The place in Serbian and Turkish too: a reader who needs to know whether there is interpretation
    # may not read Albanian. Empty: readers in that language get the text above.
    location_sr = models.CharField(_("location in Serbian (Latin script)"), max_length=200, blank=True)
    location_tr = models.CharField(_("location in Turkish"), max_length=200, blank=True)
    address_sr = models.CharField(_("address in Serbian (Latin script)"), max_length=300, blank=True)
    address_tr = models.CharField(_("address in Turkish"), max_length=300, blank=True)
    interpretation_sr = models.CharField(
        _("interpretation in Serbian (Latin script)"), max_length=200, blank=True
    )
    interpretation_tr = models.CharField(_("interpretation in Turkish"), max_length=200, blank=True)
    access_notes_sr = models.TextField(_("other access notes in Serbian (Latin script)"), blank=True)
    access_notes_tr = models.TextField(_("other access notes in Turkish"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PLANNED)
    # The fields above written in Serbian and Turkish as well, shown in the reader's language.
    TRANSLATED_PLACE_FIELDS = ("location", "address", "interpretation", "access_notes")
    # Where the meeting is and how to come, beyond its location's name: public on its page and in its
    # calendar event, and shared by every meeting of a series.
    PLACE_FIELDS = (
        "address",
        "step_free_access",
        "interpretation",
        "access_notes",
        "location_sr",
        "location_tr",
        "address_sr",
        "address_tr",
        "interpretation_sr",
        "interpretation_tr",
        "access_notes_sr",
        "access_notes_tr",
    )
    local_location = InReaderLanguage("location")
    local_address = InReaderLanguage("address")
    local_interpretation = InReaderLanguage("interpretation")
    local_access_notes = InReaderLanguage("access_notes")
    series = models.UUIDField(_("series"), null=True, blank=True, editable=False)
    members_present = models.ManyToManyField(
        Membership, blank=True, related_name="meetings_attended", verbose_name=_("members present")
    )
    citizens_women = models.PositiveIntegerField(_("women"), default=0)
    citizens_men = models.PositiveIntegerField(_("men"), default=0)
    citizens_youth = models.PositiveIntegerField(
        _("of whom youth"), default=0, help_text=_("Citizens aged 15–24, counted among the women and men.")
    )
    # Set when the secretary publishes the agenda; from then its item titles are public (forums.agenda).
    agenda_published_at = models.DateTimeField(
        _("agenda published at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["members_present", "updated_at"])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        constraints = [models.UniqueConstraint(fields=["forum", "number"], name="unique_meeting_number")]
        # Public lists and calendars order all forums' meetings by date.
        indexes = [models.Index(fields=["forum", "starts_at"]), models.Index(fields=["starts_at"])]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return _("%(forum)s, meeting %(number)s") % {"forum": self.forum, "number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("forums:meeting_detail", args=[self.pk])

    @property
    def citizens_total(self) -> int:
        return self.citizens_women + self.citizens_men

    @property
    def agenda_is_published(self) -> bool:
        return self.agenda_published_at is not None

    @property
    def agenda_due_on(self) -> date:
        """The day by which the agenda should be public: AGENDA_NOTICE_DAYS before the meeting's day."""
        return timezone.localdate(self.starts_at) - timedelta(days=settings.AGENDA_NOTICE_DAYS)

    @property
    def awaits_outcome(self) -> bool:
        """Still planned after its start time: someone must say whether it was held or cancelled."""
        return self.status == self.PLANNED and self.starts_at <= timezone.now()

    @staticmethod
    def previous_of(meetings: models.QuerySet, starts_at) -> models.QuerySet:
        """Of a forum's `meetings`, those before `starts_at` that were not cancelled, latest first."""
        return (
            meetings.filter(starts_at__lt=starts_at).exclude(status=Meeting.CANCELLED).order_by("-starts_at")
        )

    @staticmethod
    def next_planned_of(meetings: models.QuerySet, starts_at) -> models.QuerySet:
        """Of a forum's `meetings`, those planned after `starts_at`, soonest first."""
        return meetings.filter(starts_at__gt=starts_at, status=Meeting.PLANNED).order_by("starts_at")

    # Both filled by Meeting.objects.with_neighbours() when the meeting is read (an annotation of the
    # same name sets the cached value); else asked on first use.
    @cached_property
    def previous_start(self) -> datetime | None:
        """When the forum last met before this meeting (cancelled meetings left out)."""
        earlier = Meeting.previous_of(Meeting.objects.filter(forum_id=self.forum_id), self.starts_at)
        return earlier.values_list("starts_at", flat=True).first()

    @cached_property
    def next_planned_start(self) -> datetime | None:
        """When the forum's next planned meeting after this one starts."""
        later = Meeting.next_planned_of(Meeting.objects.filter(forum_id=self.forum_id), self.starts_at)
        return later.values_list("starts_at", flat=True).first()

    def quorum_met(self, members_present_count: int | None = None) -> bool:
        """Whether enough members attended; pass the count when it is already known."""
        if members_present_count is None:
            members_present_count = self.members_present.count()
        return members_present_count >= self.forum.quorum


class AgendaItem(models.Model):
    """A point on a meeting's agenda, with what was said about it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    discussion = models.TextField(_("discussion summary"), blank=True)
    is_follow_up = models.BooleanField(_("follow-up of earlier actions"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class ConcernCategory(NamedInLanguages):
    """A kind of concern (domestic violence, traffic…); the admin can add more."""

    slug = models.SlugField(_("slug"), unique=True)
    name_sq = models.CharField(_("name (Albanian)"), max_length=100)
    name_sr = models.CharField(_("name (Serbian, Latin script)"), max_length=100, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    name_tr = models.CharField(_("name (Turkish)"), max_length=100, blank=True)
    restricted_by_default = models.BooleanField(
        _("restricted by default"),
        default=False,
        help_text=_("New concerns in this category start restricted (e.g. domestic violence)."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name_sq"]
        verbose_name = _("concern category")
        verbose_name_plural = _("concern categories")

    @property
    def name(self) -> str:
        return localized_name(self.name_sq, self.name_sr, self.name_tr, self.name_en)


class Concern(TracksChanges):
    """A community concern raised at a meeting; restricted ones never reach public pages."""

    PUBLIC = "public"
    RESTRICTED = "restricted"
    VISIBILITY_CHOICES = [(PUBLIC, _("Public")), (RESTRICTED, _("Restricted"))]

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"
    STATUS_CHOICES = [(OPEN, _("Open")), (IN_PROGRESS, _("In progress")), (CLOSED, _("Closed"))]

    RESOLVED = "resolved"
    REFERRED = "referred"
    NOT_OUR_COMPETENCE = "not_our_competence"
    NO_FURTHER_ACTION = "no_further_action"
    CLOSING_REASON_CHOICES = [
        (RESOLVED, _("Resolved")),
        (REFERRED, _("Referred to another body")),
        (NOT_OUR_COMPETENCE, _("Not within the forum's competence")),
        (NO_FURTHER_ACTION, _("No further action possible")),
    ]

    SOURCE_CITIZEN = "citizen"
    SOURCE_POLICE = "police"
    SOURCE_MUNICIPALITY = "municipality"
    SOURCE_SCHOOL = "school"
    SOURCE_CIVIL_SOCIETY = "civil_society"
    SOURCE_CHOICES = [
        (SOURCE_CITIZEN, _("Citizen")),
        (SOURCE_POLICE, _("Police")),
        (SOURCE_MUNICIPALITY, _("Municipality")),
        (SOURCE_SCHOOL, _("School")),
        (SOURCE_CIVIL_SOCIETY, _("Civil society")),
    ]

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="concerns",
        verbose_name=_("agenda item"),
    )
    category = models.ForeignKey(
        ConcernCategory, on_delete=models.PROTECT, related_name="concerns", verbose_name=_("category")
    )
    summary = models.CharField(
        _("public summary"), max_length=300, help_text=_("Shown to citizens when the concern is public.")
    )
    details = models.TextField(
        _("restricted details"), blank=True, help_text=_("Never shown on public pages or in public minutes.")
    )
    neighbourhood = models.CharField(_("neighbourhood or village"), max_length=120, blank=True)
    source = models.CharField(_("raised by"), max_length=20, choices=SOURCE_CHOICES, default=SOURCE_CITIZEN)
    visibility = models.CharField(_("visibility"), max_length=10, choices=VISIBILITY_CHOICES, default=PUBLIC)
    status = models.CharField(_("status"), max_length=12, choices=STATUS_CHOICES, default=OPEN)
    closing_reason = models.CharField(
        _("closing reason"), max_length=20, choices=CLOSING_REASON_CHOICES, blank=True
    )
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_to = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalated_from",
        verbose_name=_("escalated to"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    details_erased_at = models.DateTimeField(
        _("restricted details erased at"), null=True, blank=True, editable=False
    )
    # The open-data API names concerns by this, never by the sequential key: gaps between the keys
    # of public concerns would count the restricted ones in between, exactly (privacy rule 7).
    public_id = models.UUIDField(_("public identifier"), default=uuid.uuid4, unique=True, editable=False)
    # The history records who changed what; the time of the last change is the history's own.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The accountability timeline lists the latest closings.
        indexes = [
            models.Index(fields=["visibility", "status"]),
            models.Index(fields=["closed_at"]),
            # The home page's totals count concerns per meeting from this index alone.
            models.Index(fields=["meeting", "visibility", "status"], name="concern_meeting_counts"),
        ]
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("forums:concern_detail", args=[self.pk])

    @property
    def is_restricted(self) -> bool:
        return self.visibility == self.RESTRICTED

    @property
    def forum(self) -> Forum:
        return self.meeting.forum


class VisibilityProposal(models.Model):
    """A proposal to make public a concern of a category restricted by default; the chair decides."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    STATUS_CHOICES = [
        (PENDING, _("Awaiting the chair")),
        (CONFIRMED, _("Confirmed")),
        (DECLINED, _("Declined")),
    ]

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="visibility_proposals")
    reason = models.TextField(_("why it may be public"))
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["concern"], condition=models.Q(status="pending"), name="one_pending_proposal"
            )
        ]
        verbose_name = _("proposal to make a concern public")
        verbose_name_plural = _("proposals to make concerns public")

    def __str__(self) -> str:
        return f"concern {self.concern_id}: {self.status}"

    @property
    def proposer_name(self) -> str:
        return display_name(self.proposed_by) if self.proposed_by else _("a former member")

    @property
    def decider_name(self) -> str:
        if self.decided_by:
            return display_name(self.decided_by)
        return _("a former member") if self.decided_at else ""


# Tracking codes are read off a slip of paper: no letters that look like digits (Crockford's base 32).
TRACKING_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
# 16 characters of 32 = 80 random bits: no one finds another person's code by guessing.
TRACKING_CODE_LENGTH = 16


def new_tracking_code() -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))


def normalised_tracking_code(typed: str) -> str:
    """The code as stored, from what a person typed: any case, dashes and spaces, O for 0, I or L for 1."""
    code = "".join(typed.lower().split()).replace("-", "")
    return code.translate(str.maketrans({"o": "0", "i": "1", "l": "1"}))


def grouped_tracking_code(code: str) -> str:
    """A stored code in groups of four, as printed on the receipt: easier to copy by hand."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class Submission(models.Model):
    """A concern or question a citizen sent through the site; its words are never published as written.

    The forum's secretary accepts it (it becomes a Concern on a coming meeting's agenda), merges it
    into an existing concern, routes it to another forum or to the police, or declines it. The
    citizen follows it at /track/<code>/. Its text and e-mail address are erased when no longer
    needed (forums.submissions.services), and the change history never holds them.
    """

    RECEIVED = "received"
    ACCEPTED = "accepted"
    MERGED = "merged"
    ROUTED_TO_POLICE = "police"
    DECLINED = "declined"
    STATUS_CHOICES = [
        (RECEIVED, _("Waiting for the forum")),
        (ACCEPTED, _("Accepted as a concern")),
        (MERGED, _("Joined to a concern already raised")),
        (ROUTED_TO_POLICE, _("Handed to the police")),
        (DECLINED, _("Declined")),
    ]
    ANSWERED_STATUSES = [ACCEPTED, MERGED, ROUTED_TO_POLICE, DECLINED]

    DUPLICATE = "duplicate"
    NOT_FORUM_MATTER = "not_forum_matter"
    NOT_ENOUGH_INFORMATION = "not_enough_information"
    ABUSIVE = "abusive"
    NOT_A_CONCERN = "not_a_concern"
    DECLINE_REASON_CHOICES = [
        (DUPLICATE, _("The same concern was already sent")),
        (NOT_FORUM_MATTER, _("Not a matter for the safety forums")),
        (NOT_ENOUGH_INFORMATION, _("Not enough information to act on")),
        (ABUSIVE, _("Abusive or offensive")),
        (NOT_A_CONCERN, _("Not a concern (a test, an advertisement)")),
    ]

    tracking_code = models.CharField(
        _("tracking code"),
        max_length=TRACKING_CODE_LENGTH,
        unique=True,
        default=new_tracking_code,
        editable=False,
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("municipality")
    )
    # Empty when the citizen did not know which forum: the municipality's council routes it.
    forum = models.ForeignKey(
        Forum,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("forum"),
    )
    # The coming meeting the citizen raised it for, if they chose one; the secretary decides.
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("meeting asked for"),
    )
    category = models.ForeignKey(
        ConcernCategory, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("category")
    )
    neighbourhood = models.CharField(_("neighbourhood or village"), max_length=120, blank=True)
    text = models.TextField(_("what the citizen wrote"), blank=True)
    email = models.EmailField(_("e-mail address for the answer"), blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Concern.VISIBILITY_CHOICES, default=Concern.PUBLIC
    )
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=RECEIVED)
    concern = models.ForeignKey(
        Concern,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="submissions",
        verbose_name=_("concern"),
    )
    decline_reason = models.CharField(_("reason"), max_length=30, choices=DECLINE_REASON_CHOICES, blank=True)
    public_answer = models.TextField(
        _("answer to the citizen"),
        blank=True,
        help_text=_("Shown on the tracking page. Written by the forum, never the citizen's words."),
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text_erased_at = models.DateTimeField(_("text erased at"), null=True, blank=True, editable=False)
    email_erased_at = models.DateTimeField(
        _("e-mail address erased at"), null=True, blank=True, editable=False
    )
    # The tracking status the citizen was last told of by e-mail (portal.tracking): one e-mail per change.
    notified_state = models.CharField(max_length=200, blank=True, editable=False)
    # The trail records each step and who took it; never the citizen's words or address.
    history = HistoricalRecords(excluded_fields=["text", "email", "notified_state"])

    class Meta:
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["status", "forum"]), models.Index(fields=["status", "municipality"])]
        verbose_name = _("citizen's submission")
        verbose_name_plural = _("citizens' submissions")

    def __str__(self) -> str:
        return _("Submission #%(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("submissions:detail", args=[self.pk])

    @property
    def is_restricted(self) -> bool:
        return self.visibility == Concern.RESTRICTED

    @property
    def is_waiting(self) -> bool:
        return self.status == self.RECEIVED

    @property
    def display_code(self) -> str:
        return grouped_tracking_code(self.tracking_code)


class RestrictedAccess(models.Model):
    """Someone was shown restricted text: who, when, which record and where, never what."""

    CONCERN_PAGE = "concern"
    CONCERN_EDIT = "concern_edit"
    MEETING_PAGE = "meeting"
    ACTION_PAGE = "action"
    MINUTES_PREVIEW = "minutes_preview"
    ADMIN = "admin"
    EXPORT = "export"
    WITHDRAWN_VERSION = "withdrawn_version"
    SUBMISSION_PAGE = "submission"
    SURFACE_CHOICES = [
        (CONCERN_PAGE, _("Concern page")),
        (CONCERN_EDIT, _("Concern form")),
        (MEETING_PAGE, _("Meeting page")),
        (ACTION_PAGE, _("Action page")),
        (MINUTES_PREVIEW, _("Minutes preview")),
        (ADMIN, _("Administration")),
        (EXPORT, _("Export with restricted details")),
        (WITHDRAWN_VERSION, _("Withdrawn minutes version")),
        (SUBMISSION_PAGE, _("Citizen's submission")),
    ]

    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, null=True, blank=True, related_name="accesses"
    )
    # Actions live in a higher layer (the actions app): their id, not a foreign key.
    action_id = models.PositiveBigIntegerField(_("action"), null=True, blank=True)
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="accesses"
    )
    forum = models.ForeignKey(
        Forum, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("forum")
    )
    surface = models.CharField(_("where"), max_length=20, choices=SURFACE_CHOICES, default=CONCERN_PAGE)
    rows = models.PositiveIntegerField(_("rows exported"), null=True, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    accessed_at = models.DateTimeField(_("opened at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-accessed_at"]
        verbose_name = _("access to restricted details")
        verbose_name_plural = _("accesses to restricted details")

    def __str__(self) -> str:
        if self.submission_id:
            what = f"submission {self.submission_id}"
        else:
            what = f"concern {self.concern_id}" if self.concern_id else f"action {self.action_id}"
        return f"{self.user_id} → {what} ({self.surface}) @ {self.accessed_at:%Y-%m-%d %H:%M}"


class ConcernRedaction(models.Model):
    """Details an administrator took off a concern, kept only until the undo period ends."""

    concern = models.OneToOneField(Concern, on_delete=models.CASCADE, related_name="redaction")
    details = models.TextField(blank=True)
    neighbourhood = models.CharField(max_length=120, blank=True)
    redacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    redacted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("redaction")
        verbose_name_plural = _("redactions")

    def __str__(self) -> str:
        return f"concern {self.concern_id} @ {self.redacted_at:%Y-%m-%d}"


class Minutes(models.Model):
    """The minutes of one meeting, from draft to publication."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    PUBLISHED = "published"
    STATUS_CHOICES = [
        (DRAFT, _("Draft")),
        (SUBMITTED, _("Submitted for approval")),
        (APPROVED, _("Approved")),
        (PUBLISHED, _("Published")),
    ]

    # Where the PDF rendering of the next version stands; a version exists only once it succeeded.
    RENDER_IDLE = "idle"
    RENDER_QUEUED = "queued"
    RENDER_FAILED = "failed"
    RENDER_CHOICES = [
        (RENDER_IDLE, _("Nothing to render")),
        (RENDER_QUEUED, _("Rendering")),
        (RENDER_FAILED, _("Rendering failed")),
    ]

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    narrative = models.TextField(_("narrative"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES, default=DRAFT)
    return_comment = models.TextField(_("comment from the chair"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    render_state = models.CharField(max_length=10, choices=RENDER_CHOICES, default=RENDER_IDLE)
    render_error = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return _("Minutes of %(meeting)s") % {"meeting": self.meeting}


def plain_text(html: str) -> str:
    """The readable words of an HTML fragment, markup and entities resolved."""
    return " ".join(unescape(strip_tags(html)).split())


def minutes_pdf_path(version: "MinutesVersion", filename: str) -> str:
    return f"minutes/{version.minutes.meeting_id}/v{version.number}-{version.language}.pdf"


class MinutesVersion(models.Model):
    """An immutable published snapshot of minutes in one language: HTML, PDF and its hash."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    language = models.CharField(_("language"), max_length=10)
    html = models.TextField(editable=False)
    # The snapshot's words without markup: what the public text search looks in.
    text = models.TextField(editable=False, blank=True)
    # The same words folded (no accents, Latin script, lower case; forum_site.lib.search_text): SQLite
    # searches this column; PostgreSQL indexes it as `search_vector`, which a trigger keeps up to date
    # (migration forums 0009). The column stays empty on SQLite.
    search_text = models.TextField(editable=False, blank=True, default="")
    search_vector = SearchVectorField(null=True, editable=False)
    pdf = models.FileField(upload_to=minutes_pdf_path, editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # A version that held text of a record later restricted is withdrawn from public download and
    # search; the file stays for administrators (every read audited), the public sees a note and the date.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["minutes", "-number", "language"]
        constraints = [
            models.UniqueConstraint(fields=["minutes", "number", "language"], name="unique_minutes_version")
        ]
        indexes = [
            # The home page and the feed list the latest published versions.
            models.Index(fields=["published_at"]),
            # Every public list asks whether minutes have a version not withdrawn: answered from the
            # index, without reading the versions' text.
            models.Index(
                fields=["minutes", "number"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="minutesversion_readable",
            ),
        ]
        verbose_name = _("published minutes version")
        verbose_name_plural = _("published minutes versions")

    def __str__(self) -> str:
        return f"{self.minutes} v{self.number} ({self.language})"

    def save(self, *args, **kwargs):
        self.search_text = search_text.index_text(self.text)
        super().save(*args, **kwargs)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class SurveyResponse(models.Model):
    """One anonymous answer to the confidence survey after a meeting: no account, no name, no address."""

    # The five-point scale, and "don't know" (0), which counts in no share.
    DONT_KNOW = 0
    STRONGLY_DISAGREE = 1
    DISAGREE = 2
    NEITHER = 3
    AGREE = 4
    STRONGLY_AGREE = 5
    SCALE_CHOICES = [
        (STRONGLY_AGREE, _("Strongly agree")),
        (AGREE, _("Agree")),
        (NEITHER, _("Neither agree nor disagree")),
        (DISAGREE, _("Disagree")),
        (STRONGLY_DISAGREE, _("Strongly disagree")),
        (DONT_KNOW, _("Don't know")),
    ]

    # The statements, in the order they are asked: (field, statement, short label for tables).
    # The first six follow the confidence measures of London's Public Attitude Survey, asked of
    # police and municipality together, since a forum is both; the last asks about the forum itself.
    STATEMENTS = [
        (
            "listens",
            _("The police and the municipality in my area listen to the concerns of local people."),
            _("Listen to local concerns"),
        ),
        (
            "relied_upon",
            _("The police and the municipality in my area can be relied on to be there when needed."),
            _("There when needed"),
        ),
        (
            "fair",
            _("The police and the municipality in my area treat everyone fairly, whoever they are."),
            _("Treat everyone fairly"),
        ),
        (
            "what_matters",
            _(
                "The police and the municipality in my area deal with the things that matter to this community."
            ),
            _("Deal with what matters"),
        ),
        (
            "informed",
            _("I feel well informed about what the police and the municipality do in my area."),
            _("Well informed"),
        ),
        (
            "good_job",
            _("The police and the municipality do a good job in my area."),
            _("Do a good job"),
        ),
        (
            "forum_told",
            _("The forum told me what was done about the concerns raised."),
            _("Forum reported back"),
        ),
    ]

    # Themes the secretary gives a comment; only their counts leave the staff pages.
    SET_ASIDE = "set_aside"
    THEME_CHOICES = [
        ("praise", _("Praise or thanks")),
        ("police_response", _("How the police respond")),
        ("municipal_services", _("Municipal services (lighting, roads, schools)")),
        ("safety_in_a_place", _("Safety in a particular place")),
        ("information", _("Information and communication")),
        ("forum_meetings", _("The forum and its meetings")),
        ("other", _("Other")),
        (SET_ASIDE, _("Set aside: abusive, or names a person (its text is erased)")),
    ]

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="survey_responses", verbose_name=_("meeting")
    )
    # A day, not a moment: nothing to match against a web server's access log.
    answered_on = models.DateField(_("answered on"), default=timezone.localdate, db_index=True)
    listens = models.PositiveSmallIntegerField(STATEMENTS[0][2], choices=SCALE_CHOICES)
    relied_upon = models.PositiveSmallIntegerField(STATEMENTS[1][2], choices=SCALE_CHOICES)
    fair = models.PositiveSmallIntegerField(STATEMENTS[2][2], choices=SCALE_CHOICES)
    what_matters = models.PositiveSmallIntegerField(STATEMENTS[3][2], choices=SCALE_CHOICES)
    informed = models.PositiveSmallIntegerField(STATEMENTS[4][2], choices=SCALE_CHOICES)
    good_job = models.PositiveSmallIntegerField(STATEMENTS[5][2], choices=SCALE_CHOICES)
    forum_told = models.PositiveSmallIntegerField(STATEMENTS[6][2], choices=SCALE_CHOICES)
    attended = models.BooleanField(_("attended the meeting"), null=True, blank=True)
    # Read by the forum's secretary and chair only, never published as written (privacy rule 9).
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    theme = models.CharField(_("theme"), max_length=20, choices=THEME_CHOICES, blank=True)
    # No change history: it would keep a comment's text after the secretary set it aside.

    class Meta:
        ordering = ["-answered_on", "-pk"]
        indexes = [models.Index(fields=["meeting", "theme"])]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")

    def __str__(self) -> str:
        return f"survey answer {self.pk} for meeting {self.meeting_id}"

    @classmethod
    def statement_fields(cls) -> list[str]:
        return [name for name, _statement, _short in cls.STATEMENTS]
