"""Public pages for citizens: no login, no JavaScript, only what portal.queries allows."""

import csv

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse
from django.http import Http404
from django.http import HttpResponse
from django.http import HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from forum_site.lib import ids
from forum_site.lib.links import absolute_url
from forum_site.lib.links import site_host
from forum_site.lib.public_cache import cached_public_page
from forums import privacy
from forums.minutes.rendering import pdf_file_name
from forums.models import Meeting
from forums.models import MinutesVersion
from forums.models import add_months
from forums.models import is_meeting_day
from portal import accountability
from portal import charts
from portal import feedback
from portal import help_page
from portal import meetings
from portal import queries
from portal import snippets
from portal import submission_stats
from portal import trust
from portal.calendar import event_rows
from portal.calendar import meetings_calendar
from portal.filters import AccountabilityFilterForm
from portal.filters import MinutesFilter

PAGE_SIZE = 20
HOME_LIST_LENGTH = 5
UPCOMING_LENGTH = 20


@require_safe
@cached_public_page
def home(request):
    context = {
        "upcoming": list(queries.upcoming_public_meetings()[:HOME_LIST_LENGTH]),
        "latest_minutes": queries.latest_published_minutes(HOME_LIST_LENGTH),
        "summary": accountability.cached_summary(),
    }
    return render(request, "portal/home.html", context)


@require_safe
@cached_public_page
def meeting_list(request):
    # Everything not upcoming (planned and ahead), newest first: the date index walks it page by page.
    past = queries.with_minutes_flag(
        queries.public_meetings().exclude(status=Meeting.PLANNED, starts_at__gte=timezone.now())
    ).order_by("-starts_at", "-pk")
    page = Paginator(past, PAGE_SIZE).get_page(request.GET.get("page"))
    # A year of monthly series would make a long page: the first ones, and the calendar for the rest.
    upcoming = list(queries.upcoming_public_meetings()[: UPCOMING_LENGTH + 1])
    context = {
        "upcoming": upcoming[:UPCOMING_LENGTH],
        "more_upcoming": len(upcoming) > UPCOMING_LENGTH,
        "page": page,
    }
    return render(request, "portal/meeting_list.html", context)


def _calendar_response(request, meetings_shown: list[Meeting], *, filename: str, disposition: str):
    # One reverse for the whole feed (a year of every forum's meetings): the address up to the id.
    meeting_address = absolute_url(reverse("portal:meeting_detail", args=[0])).removesuffix("0/")
    body = meetings_calendar(
        meetings_shown,
        domain=site_host(),
        url_for=lambda meeting: f"{meeting_address}{meeting.pk}/",
        agendas=privacy.public_agendas(meetings_shown),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
@cached_public_page
def meetings_ics(request):
    # Coming meetings and a bounded past: older meetings live on the minutes pages.
    since = add_months(timezone.now(), -settings.CALENDAR_PAST_MONTHS)
    shown = list(
        event_rows(queries.public_meetings().filter(starts_at__gte=since)).order_by("starts_at", "pk")
    )
    return _calendar_response(request, shown, filename="forum-meetings.ics", disposition="inline")


def _one_or_404(queryset, **lookup):
    """get_object_or_404, where an id no row could have is not looked up (SQLite would crash on it)."""
    if not all(ids.can_exist(number) for number in lookup.values()):
        raise Http404
    return get_object_or_404(queryset, **lookup)


@require_safe
@cached_public_page
def meeting_detail(request, meeting_id: int):
    """One public meeting: where and when, the agenda once published, then its minutes."""
    meeting = _one_or_404(queries.public_meetings(), pk=meeting_id)
    context = {
        "meeting": meeting,
        "agenda": privacy.public_agendas([meeting]).get(meeting.pk),
        "coming": meetings.is_coming(meeting),
        "over": meetings.is_over(meeting),
        "raise_url": meetings.raise_concern_url(meeting),
        "has_minutes": queries.published_minutes().filter(meeting=meeting).exists(),
        "raised_outcomes": meetings.raised_concern_outcomes(meeting),
        "emergency_number": help_page.EMERGENCY_NUMBER,
        **feedback.offer_context(meeting),
    }
    return render(request, "portal/meeting_detail.html", context)


@require_safe
@cached_public_page
def meeting_ics(request, meeting_id: int):
    """One public meeting as a calendar event, updated (or cancelled) by importing it again."""
    meeting = _one_or_404(queries.public_meetings(), pk=meeting_id)
    if not is_meeting_day(meeting.starts_at):
        # Stored before dates were checked: an event for it would not exist in calendar time.
        raise Http404
    return _calendar_response(
        request, [meeting], filename=f"meeting-{meeting.pk}.ics", disposition="attachment"
    )


@require_safe
@cached_public_page
def help_view(request):
    """Where to get help now: the emergency number first, then the services administrators list."""
    context = {
        "emergency_number": help_page.EMERGENCY_NUMBER,
        "sections": help_page.help_sections(translation.get_language()),
    }
    return render(request, "portal/help.html", context)


@require_safe
@cached_public_page
def minutes_list(request):
    filterset = MinutesFilter(request.GET, queryset=queries.published_minutes())
    # An invalid field (a malformed date) is shown with its error and left out of the filter.
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    searched = getattr(filterset.form, "cleaned_data", {}).get("q")
    if searched:
        page.object_list = list(page.object_list)
        snippets.attach_snippets(page.object_list, searched, translation.get_language())
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    return render(request, "portal/minutes_list.html", context)


@require_safe
@cached_public_page
def minutes_detail(request, meeting_id: int):
    minutes = _one_or_404(queries.minutes_on_record(), meeting_id=meeting_id)
    versions = queries.public_versions(minutes)
    current = [v for v in versions if v.number == minutes.current_number]
    shown = queries.pick_language(current, translation.get_language())
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "shown": shown,
        "current": current,
        "older": [v for v in versions if v.number != minutes.current_number],
        **feedback.offer_context(minutes.meeting),
    }
    return render(request, "portal/minutes_detail.html", context)


def _withdrawn_response(request, minutes, version: MinutesVersion | None):
    """410 Gone with the public note: a withdrawn version is not served, not even from a cache."""
    context = {"minutes": minutes, "meeting": minutes.meeting, "version": version}
    response = render(request, "portal/minutes_withdrawn.html", context, status=410)
    response["Cache-Control"] = "no-store"
    return response


def _pdf_response(request, version: MinutesVersion):
    etag = f'"{version.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    elif settings.PDF_X_ACCEL_PREFIX:
        # nginx sends the file from the media volume; this answer is headers only, and cacheable.
        response = HttpResponse(content_type="application/pdf")
        response["X-Accel-Redirect"] = settings.PDF_X_ACCEL_PREFIX + version.pdf.name
        response["Content-Disposition"] = content_disposition_header(
            False, pdf_file_name(version.minutes, version.number, version.language)
        )
    else:
        try:
            handle = version.pdf.open("rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        response = FileResponse(
            handle,
            content_type="application/pdf",
            filename=pdf_file_name(version.minutes, version.number, version.language),
        )
    response["ETag"] = etag
    # A version's bytes never change, but it can be withdrawn to protect someone's privacy at any
    # moment (privacy rule 6): caches may keep it, yet must ask again each time (a cheap 304).
    response["Cache-Control"] = "public, no-cache"
    return response


def _serve_version(request, minutes, number: int | None):
    versions = [v for v in queries.public_versions(minutes) if v.number == number]
    version = queries.pick_language(versions, request.GET.get("lang") or translation.get_language())
    if version is None:
        if number is None:  # every version withdrawn; the new one is not out yet
            return _withdrawn_response(request, minutes, None)
        raise Http404
    if version.is_withdrawn:
        return _withdrawn_response(request, minutes, version)
    version.minutes = minutes
    return _pdf_response(request, version)


@require_safe
@cached_public_page
def minutes_pdf(request, meeting_id: int):
    minutes = _one_or_404(queries.minutes_on_record(), meeting_id=meeting_id)
    return _serve_version(request, minutes, minutes.current_number)


@require_safe
@cached_public_page
def minutes_version_pdf(request, meeting_id: int, number: int):
    minutes = _one_or_404(queries.minutes_on_record(), meeting_id=meeting_id)
    return _serve_version(request, minutes, number)


def _accountability_filters(request) -> tuple[AccountabilityFilterForm, dict, accountability.Lookups]:
    lookups = accountability.Lookups.read()
    form = AccountabilityFilterForm(request.GET or None, lookups=lookups)
    chosen = form.choices() if form.is_bound else {"municipality": None, "category": None}
    return form, chosen, lookups


def _charts(numbers: accountability.Statistics) -> dict:
    done, open_, overdue = _("Done"), _("Open"), _("Overdue")
    closed, still_open = _("Closed"), _("Not closed")
    return {
        "categories": charts.stacked_bars(
            [
                (
                    row.label,
                    [
                        ("chart-closed", row.concerns_closed, closed),
                        ("chart-open", row.concerns_open, still_open),
                    ],
                )
                for row in numbers.by_category
                if row.raised.total
            ]
        ),
        "municipalities": charts.stacked_bars(
            [
                (
                    row.label,
                    [
                        ("chart-done", row.actions_done, done),
                        ("chart-open", row.actions_open, open_),
                        ("chart-overdue", row.actions_overdue, overdue),
                    ],
                )
                for row in numbers.by_municipality
            ]
        ),
        "quarters": charts.grouped_columns(
            [
                (
                    quarter.label,
                    [
                        ("chart-raised", quarter.concerns_raised, _("Concerns raised")),
                        ("chart-done", quarter.actions_done, _("Actions done")),
                    ],
                )
                for quarter in numbers.quarters
            ]
        ),
    }


@require_safe
@cached_public_page
def accountability_view(request):
    """You said, we did: numbers per municipality and category, and the public updates."""
    form, chosen, lookups = _accountability_filters(request)
    numbers = accountability.cached_statistics(**chosen, lookups=lookups)
    timeline = accountability.public_timeline(**chosen)
    escalations = accountability.public_escalations(**chosen)
    with_minutes = {event.concern.meeting_id for event in timeline if event.has_minutes}
    query = request.GET.copy()
    context = {
        "form": form,
        "numbers": numbers,
        "charts": _charts(numbers),
        "timeline": timeline,
        "escalations": escalations,
        "with_minutes": with_minutes,
        "query": query.urlencode(),
        "filtered": any(chosen.values()),
        "minimum": numbers.minimum,
        "submission_rows": submission_stats.submission_statistics(**chosen),
        **_trust_context(chosen["municipality"], lookups.municipalities),
    }
    return render(request, "portal/accountability.html", context)


def _trust_context(municipality, municipalities) -> dict:
    """The trust survey's section of the accountability page (not broken down by category)."""
    results = trust.trust_results(municipality=municipality, municipalities=municipalities)
    return {
        "trust": results,
        "trust_chart": results.chart(),
        "trust_headline": results.headline_by_quarter(),
        "trust_tables": results.tables(),
        "headline": trust.headline_statement(),
    }


ROW_COUNTS = [
    "concerns_raised",
    "concerns_closed",
    "concerns_escalated",
    "actions_done",
    "actions_open",
    "actions_overdue",
]


@require_safe
@cached_public_page
def accountability_csv(request):
    """The accountability numbers as CSV, one number per line; never any text of a concern.

    Counts read as the page shows them: "<3" where the page says "fewer than 3", and an empty
    value where the page shows no number (a withheld median, a year not broken down by reason).
    """
    _form, chosen, lookups = _accountability_filters(request)
    numbers = accountability.cached_statistics(**chosen, lookups=lookups)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="accountability.csv"'
    response.write("\ufeff")  # Spreadsheet programs read UTF-8 (ë, ç, č) only with the byte-order mark.
    writer = csv.writer(response)
    writer.writerow(["table", "name", "measure", "value"])
    tables = [
        ("total", [numbers.total]),
        ("municipality", numbers.by_municipality),
        ("category", numbers.by_category),
    ]
    for table, rows in tables:
        for row in rows:
            for name in ROW_COUNTS:
                writer.writerow([table, row.label, name, getattr(row, name).csv])
            writer.writerow(
                [table, row.label, "median_days", "" if row.median_days is None else row.median_days]
            )
    for code, _label, count in numbers.closing_reasons:
        writer.writerow(["closing_reason_public", code, "concerns_closed", count.csv])
    for closings in numbers.restricted_closings:
        name = f"{closings.municipality} / {closings.year} / {closings.category}"
        writer.writerow(["closing_reason_restricted", name, "concerns_closed", closings.closed.csv])
        for code, count in closings.reasons:
            writer.writerow(["closing_reason_restricted", name, code, "" if count is None else count.csv])
    for quarter in numbers.quarters:
        writer.writerow(["quarter", quarter.label, "concerns_raised", quarter.concerns_raised.csv])
        writer.writerow(["quarter", quarter.label, "actions_done", quarter.actions_done.csv])
    # The trust survey, per municipality, quarter and statement: "<10" answers and no share below the minimum.
    for row, _start, quarter, result in trust.trust_results(municipality=chosen["municipality"]).cells():
        name = f"{row.label} / {quarter} / {result.field}"
        share = result.share.fraction
        writer.writerow(["trust_survey", name, "answers", result.share.answers_csv])
        writer.writerow(["trust_survey", name, "share_agreeing", "" if share is None else share])
    for row in submission_stats.submission_statistics(**chosen):
        name = f"{row.municipality} / {row.quarter}"
        for measure in ("raised", "accepted", "declined", "answered"):
            writer.writerow(["submissions", name, measure, getattr(row, f"{measure}_shown").csv])
        writer.writerow(
            ["submissions", name, "median_days", "" if row.median_days is None else row.median_days]
        )
    return response
