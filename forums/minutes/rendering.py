"""What the minutes say, rendered: the context, the HTML, the PDF, and the versions stored from them.

Shared by the staff preview, the published versions (page and PDF) and the render task. What may
be shown is decided by forums.privacy. The earlier actions a meeting reviewed come from the actions
app, a layer above, through forums.extensions (forums never imports actions); so does the address of
the meeting's trust survey, from the portal.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _

from forum_site.lib.qr import QrCode
from forum_site.lib.qr import qr_code
from forums import extensions
from forums import privacy
from forums import signals
from forums import survey
from forums.audit import records_history
from forums.errors import ForumError
from forums.minutes.pdf import html_to_pdf
from forums.models import Meeting
from forums.models import Minutes
from forums.models import MinutesVersion
from forums.models import Submission
from forums.models import display_name
from forums.models import plain_text

# --- Saving the minutes' state ---------------------------------------------------------------------


def save_minutes(minutes: Minutes, *, reason: str) -> None:
    """Save with a change reason; the acting user comes from the service's @records_history."""
    minutes._change_reason = reason
    minutes.save()


def lock(minutes: Minutes) -> Minutes:
    """Re-read the minutes under a row lock so two clicks cannot both make a transition."""
    return (
        Minutes.objects.select_related("meeting__forum__municipality").select_for_update().get(pk=minutes.pk)
    )


def next_version_number(minutes: Minutes) -> int:
    return (minutes.versions.aggregate(last=Max("number"))["last"] or 0) + 1


def restricted_text_error(minutes: Minutes) -> ForumError | None:
    """Privacy rule 5: the error naming restricted records whose text the minutes hold, if any.

    Staff write the narrative, the decisions and the agenda's discussion: all of it is published.
    """
    agenda = minutes.meeting.agenda_items.values_list("title", "discussion")
    free_text = [minutes.narrative, minutes.decisions, *(text for item in agenda for text in item)]
    found = privacy.restricted_text_in(minutes.meeting, *free_text)
    if not found:
        return None
    return ForumError(
        _(
            "The minutes hold text of records that are restricted now: %(records)s. Remove it from the "
            "narrative, the decisions and the agenda before the minutes go further."
        )
        % {"records": ", ".join(record.label for record in found)}
    )


@records_history
def send_back_for_privacy(*, minutes: Minutes, by) -> None:
    """Return minutes to draft because their text holds a restricted record; the note names it."""
    with transaction.atomic():
        minutes = lock(minutes)
        error = restricted_text_error(minutes)
        minutes.status = Minutes.DRAFT
        minutes.render_state, minutes.render_error = Minutes.RENDER_IDLE, ""
        minutes.submitted_by = minutes.submitted_at = None
        minutes.approved_by = minutes.approved_at = None
        minutes.return_comment = error.message if error else ""
        save_minutes(minutes, reason="sent back: text of a restricted record")


# --- What the minutes say (shared by the PDF, the public page and the staff preview) -------------


@dataclass
class AttendanceGroup:
    institution: str
    members: list[tuple[str, str]]  # (name, role)


def minutes_languages(minutes: Minutes) -> list[str]:
    """The municipality's document languages, Albanian when none is valid."""
    return minutes.meeting.forum.municipality.document_languages or [settings.LANGUAGE_CODE]


def meeting_actions(meeting: Meeting):
    """The actions decided at a meeting, with what the privacy gate reads of them."""
    return meeting.actions.select_related("concern", "responsible_body").order_by("due_date", "pk")


def _attendance(meeting: Meeting) -> tuple[list[AttendanceGroup], int]:
    members = list(meeting.members_present.select_related("user").order_by("institution", "role"))
    groups: dict[str, AttendanceGroup] = {}
    for membership in members:
        label = str(membership.get_institution_display())
        groups.setdefault(label, AttendanceGroup(label, [])).members.append(
            (display_name(membership.user), str(membership.get_role_display()))
        )
    return list(groups.values()), len(members)


def _restricted_counts(concerns) -> list[tuple[str, privacy.ShownCount]]:
    counts: dict[str, int] = {}
    for concern in concerns:
        if not privacy.concern_is_public(concern):
            counts[concern.category.name] = counts.get(concern.category.name, 0) + 1
    return [(name, privacy.shown_count(count, restricted=count)) for name, count in sorted(counts.items())]


@dataclass
class SurveyOffer:
    """The survey of this meeting, printed with its address and a QR code for those who read on paper."""

    url: str
    short_url: str
    closes_on: date
    qr: QrCode


def survey_offer(meeting: Meeting, *, published_at=None) -> SurveyOffer | None:
    """The offer, unless the meeting has no survey, nothing provides its address, or it closed already."""
    now = published_at or timezone.now()
    url = extensions.survey_link(meeting)
    closing = survey.closes_at(meeting, published_at=now)
    if not url or closing is None or closing <= now:
        return None
    return SurveyOffer(
        url=url,
        short_url=url.split("://", 1)[-1],
        closes_on=timezone.localtime(closing).date(),
        qr=qr_code(url),
    )


def previous_survey(meeting: Meeting) -> survey.MeetingSurvey | None:
    """What citizens answered after the forum's previous public meeting, gated like every share."""
    previous = survey.previous_surveyed_meeting(meeting)
    if previous is None:
        return None
    found = survey.meeting_survey(previous)
    return found if found.results.total.answers else None


def minutes_context(
    minutes: Minutes, *, version_number: int | None = None, published_at=None, language: str = ""
) -> dict:
    """Everything the minutes show, safe for the public: restricted records only as counts.

    Call inside `translation.override(language)`: labels and names are resolved here.
    """
    meeting = minutes.meeting
    forum = meeting.forum
    attendance, members_count = _attendance(meeting)
    concerns = list(
        meeting.concerns.select_related(
            "category", "escalated_to__meeting__forum", "escalated_from__meeting__forum"
        ).order_by("pk")
    )
    public_concerns = [c for c in concerns if privacy.concern_is_public(c)]
    new_actions, new_hidden = privacy.split_public_actions(meeting_actions(meeting))
    # Earlier actions with their status when this meeting took place (read from the change history),
    # so a later correction of the minutes does not rewrite what the meeting heard.
    reviewed = []
    for action, status_label in extensions.follow_up(meeting):
        action.status_at_meeting = str(status_label)
        reviewed.append(action)
    follow_up, follow_up_hidden = privacy.split_public_actions(reviewed)
    return {
        "minutes": minutes,
        "meeting": meeting,
        "forum": forum,
        "municipality": forum.municipality,
        "language": language,
        "starts_at": timezone.localtime(meeting.starts_at),
        "attendance": attendance,
        "members_count": members_count,
        "quorum_met": meeting.quorum_met(members_count),
        "agenda": list(meeting.agenda_items.order_by("position", "pk")),
        "public_concerns": public_concerns,
        # Of those, the ones a citizen sent through the site: the minutes say so.
        "raised_through_site": set(
            Submission.objects.filter(concern__in=public_concerns).values_list("concern_id", flat=True)
        ),
        "restricted_counts": _restricted_counts(concerns),
        "new_actions": new_actions,
        "new_actions_hidden": privacy.shown_count(new_hidden, restricted=new_hidden),
        "follow_up": follow_up,
        "follow_up_hidden": privacy.shown_count(follow_up_hidden, restricted=follow_up_hidden),
        "approved_by": display_name(minutes.approved_by) if minutes.approved_by else "",
        "approved_at": minutes.approved_at,
        "version_number": version_number,
        "published_at": published_at,
        "previous_survey": previous_survey(meeting),
        "survey_offer": survey_offer(meeting, published_at=published_at),
    }


def render_minutes_html(context: dict) -> str:
    """The minutes as an HTML fragment: stored in the version and shown on the public page."""
    return render_to_string("pdf/minutes_body.html", context)


def render_minutes_pdf_bytes(context: dict, body: str) -> bytes:
    return html_to_pdf(render_to_string("pdf/minutes.html", {**context, "body": body}))


def pdf_file_name(minutes: Minutes, number: int, language: str) -> str:
    """A readable download name: minutes-<forum>-<meeting number>-v<n>-<lang>.pdf."""
    return f"minutes-{minutes.meeting.forum.slug}-{minutes.meeting.number}-v{number}-{language}.pdf"


# --- Storing a version ---------------------------------------------------------------------------


def _is_due(minutes: Minutes, version_number: int) -> bool:
    return minutes.status == Minutes.APPROVED and not minutes.versions.filter(number=version_number).exists()


def _render_languages(minutes: Minutes, version_number: int, published_at) -> list[tuple[str, str, bytes]]:
    rendered = []
    for language in minutes_languages(minutes):
        with translation.override(language):
            context = minutes_context(
                minutes, version_number=version_number, published_at=published_at, language=language
            )
            body = render_minutes_html(context)
            rendered.append((language, body, render_minutes_pdf_bytes(context, body)))
    return rendered


@records_history
def render_minutes_version(*, minutes: Minutes, version_number: int, by) -> bool:
    """Render and store version `version_number` in every language; False when there is nothing to do.

    Idempotent: a retried or duplicated task finds the version and stops. Rendering happens
    before the transaction; the rows appear all together or not at all.
    """
    if not _is_due(minutes, version_number):
        return False
    if restricted_text_error(minutes) is not None:
        # A record became restricted between publishing and rendering: nothing goes out.
        send_back_for_privacy(minutes=minutes, by=by)
        return False
    published_at = timezone.now()
    rendered = _render_languages(minutes, version_number, published_at)
    with transaction.atomic():
        locked = lock(minutes)
        if not _is_due(locked, version_number):
            return False
        for language, body, pdf in rendered:
            version = MinutesVersion(
                minutes=locked,
                number=version_number,
                language=language,
                html=body,
                text=plain_text(body),
                sha256=hashlib.sha256(pdf).hexdigest(),
                published_at=published_at,
                published_by=by,
            )
            version.pdf.save(pdf_file_name(locked, version_number, language), ContentFile(pdf), save=False)
            version.save()
        locked.status = Minutes.PUBLISHED
        locked.render_state, locked.render_error = Minutes.RENDER_IDLE, ""
        save_minutes(locked, reason=f"published version {version_number}")
        signals.send_on_commit(signals.minutes_published, minutes_id=locked.pk, version_number=version_number)
    return True


@records_history
def mark_rendering_failed(*, minutes: Minutes, error: str, by) -> None:
    """Record that rendering gave up, so the secretary sees it and can retry."""
    with transaction.atomic():
        minutes = lock(minutes)
        if minutes.status != Minutes.APPROVED:
            return
        minutes.render_state, minutes.render_error = Minutes.RENDER_FAILED, error[:500]
        save_minutes(minutes, reason="rendering failed")
