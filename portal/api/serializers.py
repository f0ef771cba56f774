"""How the open-data API writes each record: JSON, names in the reader's language, no staff data.

No serializer here names a person: no assignee, author, approver, user id or e-mail address.
Records are built by `portal.api.records`, which keeps to what the privacy gate calls public; the
serializers only choose which of those fields to write. Counts that include restricted records are
written as `GatedCount`s: exact from the threshold up, "fewer than N" below.

Field names follow Open Civic Data where a record fits one of its shapes (Organization for forums,
Event for meetings: `name`, `start_date`, `location`, `status`, `documents`). New fields may be
added to v1; none is removed or changes meaning (see docs/api.md).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from forums.privacy import ShownCount

# The codes clients filter by and compare with; the `*_label` fields give the words.
FORUM_KINDS = ["mcsc", "lpsc"]
BODY_KINDS = ["police", "municipal", "other"]
MEETING_STATUSES = ["planned", "held", "cancelled"]
CONCERN_STATUSES = ["open", "in_progress", "closed"]
ACTION_STATUSES = ["open", "in_progress", "done", "cancelled"]
SOURCES = ["citizen", "police", "municipality", "school", "civil_society"]
RECORD_TYPES = ["forum", "meeting", "minutes", "concern", "action"]


# Names of forums, municipalities and bodies are recorded in Albanian, Serbian and Turkish.
READERS_NAME = (
    "In the reader's language: Albanian, Serbian (Latin or Cyrillic) or Turkish; in Albanian where "
    "none is recorded in it."
)


def absolute(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


class GatedCountSerializer(serializers.Serializer):
    """A count as the public pages show it: exact, or (when it counts restricted records and is below
    the threshold) only "fewer than N"."""

    count = serializers.IntegerField(allow_null=True, help_text="The exact number; null when withheld.")
    fewer_than = serializers.IntegerField(
        allow_null=True, help_text="When the number is withheld: it is below this (and above 0)."
    )
    text = serializers.CharField(help_text="As the public pages write it, in the reader's language.")


def gated(shown: ShownCount) -> dict:
    return {
        "count": None if shown.suppressed else shown.value,
        "fewer_than": shown.threshold if shown.suppressed else None,
        "text": str(shown),
    }


class MunicipalityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.SlugField()
    name = serializers.CharField(help_text=READERS_NAME)


class ForumRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.SlugField()
    name = serializers.CharField(help_text=READERS_NAME)
    kind = serializers.ChoiceField(choices=FORUM_KINDS)


class CategorySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField(help_text="In the reader's language.")


class MunicipalitySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    slug = serializers.SlugField()
    name = serializers.CharField(help_text=READERS_NAME)
    name_sq = serializers.CharField()
    name_sr = serializers.CharField(help_text="Serbian, Latin script; empty when not recorded.")
    name_tr = serializers.CharField(help_text="Turkish; empty when not recorded.")
    languages = serializers.ListField(
        child=serializers.CharField(),
        source="document_languages",
        help_text="Languages its minutes are published in.",
    )
    links = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"forums": {"type": "string", "format": "uri"}},
            "required": ["forums"],
        }
    )
    def get_links(self, municipality) -> dict:
        request = self.context["request"]
        return {"forums": absolute(request, "api:forum-list") + f"?municipality={municipality.slug}"}


class ForumSerializer(serializers.Serializer):
    """A forum, shaped as an Open Civic Data Organization."""

    id = serializers.IntegerField(source="pk")
    slug = serializers.SlugField()
    name = serializers.CharField(help_text=READERS_NAME)
    classification = serializers.SerializerMethodField(
        help_text='Open Civic Data classification: always "committee".'
    )
    kind = serializers.ChoiceField(choices=FORUM_KINDS)
    kind_label = serializers.CharField(source="get_kind_display", help_text="In the reader's language.")
    area = serializers.CharField(help_text="For a local committee: the villages or neighbourhoods it serves.")
    jurisdiction = MunicipalityRefSerializer(source="municipality")
    languages = serializers.ListField(child=serializers.CharField(), source="municipality.document_languages")
    updated_at = serializers.DateTimeField(source="last_changed")
    links = serializers.SerializerMethodField()

    def get_classification(self, forum) -> str:
        return "committee"

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"meetings": {"type": "string", "format": "uri"}},
            "required": ["meetings"],
        }
    )
    def get_links(self, forum) -> dict:
        return {"meetings": absolute(self.context["request"], "api:meeting-list") + f"?forum={forum.pk}"}


class LocationSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="As the forum wrote it, in the municipality's first language.")
    name_sr = serializers.CharField(help_text="Serbian, Latin script; empty when not recorded.")
    name_tr = serializers.CharField(help_text="Turkish; empty when not recorded.")
    address = serializers.CharField(help_text="Street and town; empty when not recorded.")
    address_sr = serializers.CharField(help_text="Serbian, Latin script; empty when not recorded.")
    address_tr = serializers.CharField(help_text="Turkish; empty when not recorded.")


class DocumentSerializer(serializers.Serializer):
    """A published file (Open Civic Data Event document): a minutes PDF in one language."""

    note = serializers.CharField()
    url = serializers.URLField()
    media_type = serializers.CharField()
    language = serializers.CharField()
    version = serializers.IntegerField()
    sha256 = serializers.CharField()


class RestrictedCategoryCountSerializer(serializers.Serializer):
    category = CategorySerializer()
    count = GatedCountSerializer()


class RestrictedAtMeetingSerializer(serializers.Serializer):
    concerns_by_category = RestrictedCategoryCountSerializer(many=True)
    actions = GatedCountSerializer()


MEETING_LINKS = {
    "type": "object",
    "properties": {
        "page": {"type": "string", "format": "uri"},
        "event": {"type": "string", "format": "uri"},
        "minutes": {"type": "string", "format": "uri", "nullable": True},
        "concerns": {"type": "string", "format": "uri"},
        "actions": {"type": "string", "format": "uri"},
        "calendar": {"type": "string", "format": "uri"},
    },
    "required": ["page", "event", "minutes", "concerns", "actions", "calendar"],
}


class AgendaItemSerializer(serializers.Serializer):
    """A point of a published agenda (Open Civic Data Event agenda item): its title, never the discussion."""

    order = serializers.IntegerField(help_text="Its place on the agenda, from 1.")
    description = serializers.CharField(help_text="The item's title, as the forum's secretary wrote it.")


class MeetingSerializer(serializers.Serializer):
    """A public meeting, shaped as an Open Civic Data Event, with links to its page and calendar event."""

    id = serializers.IntegerField(source="pk")
    name = serializers.SerializerMethodField()
    number = serializers.IntegerField()
    forum = ForumRefSerializer()
    municipality = MunicipalityRefSerializer(source="forum.municipality")
    start_date = serializers.DateTimeField(source="starts_at")
    location = serializers.SerializerMethodField()
    agenda = serializers.SerializerMethodField(
        help_text="The agenda once the forum published it, in order; empty before (and while it is being "
        "revised)."
    )
    agenda_published_at = serializers.SerializerMethodField(
        help_text="When the agenda was published; null while the agenda is empty here."
    )
    status = serializers.ChoiceField(choices=MEETING_STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    upcoming = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    restricted = serializers.SerializerMethodField(
        help_text="Restricted concerns per category and restricted actions, as the published minutes "
        "count them; null until the minutes are published."
    )
    updated_at = serializers.DateTimeField(source="last_changed")
    links = serializers.SerializerMethodField()

    def get_name(self, meeting) -> str:
        return str(meeting)

    @extend_schema_field(LocationSerializer)
    def get_location(self, meeting) -> dict:
        return {
            "name": meeting.location,
            "name_sr": meeting.location_sr,
            "name_tr": meeting.location_tr,
            "address": meeting.address,
            "address_sr": meeting.address_sr,
            "address_tr": meeting.address_tr,
        }

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting) -> list[dict]:
        agenda = self.context["agendas"].get(meeting.pk)
        titles = agenda.titles if agenda else []
        return [{"order": order, "description": title} for order, title in enumerate(titles, start=1)]

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_agenda_published_at(self, meeting) -> str | None:
        agenda = self.context["agendas"].get(meeting.pk)
        return serializers.DateTimeField().to_representation(agenda.published_at) if agenda else None

    def get_upcoming(self, meeting) -> bool:
        return meeting.status == meeting.PLANNED and meeting.starts_at >= timezone.now()

    @extend_schema_field(DocumentSerializer(many=True))
    def get_documents(self, meeting) -> list[dict]:
        minutes = getattr(meeting, "minutes", None) if meeting.has_published_minutes else None
        if minutes is None:
            return []
        readable = [v for v in minutes.versions.all() if not v.is_withdrawn]
        current = max((v.number for v in readable), default=None)
        return [version_document(self.context["request"], v) for v in readable if v.number == current]

    @extend_schema_field(RestrictedAtMeetingSerializer(allow_null=True))
    def get_restricted(self, meeting) -> dict | None:
        if not meeting.has_published_minutes:
            return None
        counts = self.context["restricted_counts"].get(meeting.pk)
        concerns = counts["concerns"] if counts else []
        return {
            "concerns_by_category": [
                {"category": CategorySerializer(category).data, "count": gated(count)}
                for category, count in concerns
            ],
            "actions": gated(counts["actions"]) if counts else gated(ShownCount(0)),
        }

    @extend_schema_field(MEETING_LINKS)
    def get_links(self, meeting) -> dict:
        request = self.context["request"]
        return {
            "page": absolute(request, "portal:meeting_detail", meeting.pk),
            "event": absolute(request, "portal:meeting_ics", meeting.pk),
            "minutes": absolute(request, "portal:minutes_detail", meeting.pk)
            if meeting.has_published_minutes
            else None,
            "concerns": absolute(request, "api:concern-list") + f"?meeting={meeting.pk}",
            "actions": absolute(request, "api:action-list") + f"?meeting={meeting.pk}",
            "calendar": absolute(request, "portal:meetings_ics"),
        }


def version_document(request, version) -> dict:
    url = absolute(request, "portal:minutes_version_pdf", version.minutes.meeting_id, version.number)
    return {
        "note": _("Minutes, version %(number)d") % {"number": version.number},
        "url": f"{url}?lang={version.language}",
        "media_type": "application/pdf",
        "language": version.language,
        "version": version.number,
        "sha256": version.sha256,
    }


class MinutesVersionSerializer(serializers.Serializer):
    """One published version in one language. A withdrawn one keeps its place, without its file."""

    number = serializers.IntegerField()
    language = serializers.CharField()
    published_at = serializers.DateTimeField()
    sha256 = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    withdrawn = serializers.BooleanField(source="is_withdrawn")
    withdrawn_at = serializers.DateTimeField(allow_null=True)

    @extend_schema_field({"type": "string", "nullable": True})
    def get_sha256(self, version) -> str | None:
        return None if version.is_withdrawn else version.sha256

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})
    def get_pdf_url(self, version) -> str | None:
        if version.is_withdrawn:
            return None
        return version_document(self.context["request"], version)["url"]


class MinutesSerializer(serializers.Serializer):
    """The minutes of one public meeting: every version ever published, newest first."""

    meeting = serializers.IntegerField(source="meeting_id")
    forum = ForumRefSerializer(source="meeting.forum")
    municipality = MunicipalityRefSerializer(source="meeting.forum.municipality")
    meeting_date = serializers.DateTimeField(source="meeting.starts_at")
    current_version = serializers.IntegerField(
        source="current_number", allow_null=True, help_text="Null while every version is withdrawn."
    )
    url = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(source="last_changed")

    def get_url(self, minutes) -> str:
        return absolute(self.context["request"], "portal:minutes_detail", minutes.meeting_id)

    @extend_schema_field(MinutesVersionSerializer(many=True))
    def get_versions(self, minutes) -> list[dict]:
        versions = list(minutes.versions.all())
        for version in versions:
            version.minutes = minutes
        return MinutesVersionSerializer(versions, many=True, context=self.context).data


class UpdateSerializer(serializers.Serializer):
    """A public progress note on an action (never its author)."""

    date = serializers.DateTimeField(source="created_at")
    note = serializers.CharField()
    new_status = serializers.CharField(help_text="The status it set, or empty.")


class BodySerializer(serializers.Serializer):
    name = serializers.CharField(help_text=READERS_NAME)
    kind = serializers.ChoiceField(choices=BODY_KINDS)


class ActionBriefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    responsible_body = BodySerializer()
    due_date = serializers.DateField()
    status = serializers.ChoiceField(choices=ACTION_STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    completed_at = serializers.DateTimeField(allow_null=True)
    overdue = serializers.BooleanField(
        source="is_overdue", help_text="Derived daily; not an `updated_at` change."
    )
    done_on_time = serializers.SerializerMethodField()
    updates = UpdateSerializer(many=True, source="public_updates")

    @extend_schema_field({"type": "boolean", "nullable": True})
    def get_done_on_time(self, action) -> bool | None:
        """Done by its due date; null while it is not done."""
        if action.status != action.DONE or action.completed_at is None:
            return None
        return timezone.localdate(action.completed_at) <= action.due_date


class ActionSerializer(ActionBriefSerializer):
    """A public action: what was done about a concern or decided at a meeting."""

    meeting = serializers.IntegerField(source="meeting_id")
    forum = ForumRefSerializer(source="meeting.forum")
    municipality = MunicipalityRefSerializer(source="meeting.forum.municipality")
    concern = serializers.UUIDField(
        source="concern_public_id", allow_null=True, help_text="The public concern it answers, if any."
    )
    category = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField(source="last_changed")

    @extend_schema_field(CategorySerializer(allow_null=True))
    def get_category(self, action) -> dict | None:
        if action.concern_public_id is None:
            return None
        return CategorySerializer(action.concern.category).data


class ConcernSerializer(serializers.Serializer):
    """A public concern with what was done about it. Restricted concerns are never records here."""

    id = serializers.UUIDField(source="public_id")
    meeting = serializers.IntegerField(source="meeting_id")
    forum = ForumRefSerializer(source="meeting.forum")
    municipality = MunicipalityRefSerializer(source="meeting.forum.municipality")
    category = CategorySerializer()
    summary = serializers.CharField()
    neighbourhood = serializers.CharField()
    raised_by = serializers.ChoiceField(source="source", choices=SOURCES)
    status = serializers.ChoiceField(choices=CONCERN_STATUSES)
    status_label = serializers.CharField(source="get_status_display")
    closing_reason = serializers.CharField(
        help_text="resolved, referred, not_our_competence, no_further_action or empty."
    )
    closing_reason_label = serializers.CharField(source="get_closing_reason_display")
    referred_to = serializers.CharField()
    raised_at = serializers.DateTimeField(source="created_at")
    closed_at = serializers.DateTimeField(allow_null=True)
    escalated_to = serializers.UUIDField(source="escalated_to_public_id", allow_null=True)
    escalated_from = serializers.UUIDField(source="escalated_from_public_id", allow_null=True)
    actions = ActionBriefSerializer(many=True, source="public_actions")
    updated_at = serializers.DateTimeField(source="last_changed")
    links = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {"minutes": {"type": "string", "format": "uri", "nullable": True}},
            "required": ["minutes"],
        }
    )
    def get_links(self, concern) -> dict:
        request = self.context["request"]
        minutes = (
            absolute(request, "portal:minutes_detail", concern.meeting_id)
            if concern.has_published_minutes
            else None
        )
        return {"minutes": minutes}


class TombstoneSerializer(serializers.Serializer):
    """A record the API no longer shows: delete your copy."""

    type = serializers.ChoiceField(source="kind", choices=RECORD_TYPES)
    id = serializers.CharField(
        source="record_id", help_text="As the record's `id` was written (a number or a UUID)."
    )
    removed_at = serializers.DateTimeField()
