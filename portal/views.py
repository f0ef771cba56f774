"""Public pages for citizens: no login, no JavaScript, only what portal.queries allows."""

from datetime import timedelta

from django.contrib.sites.shortcuts import get_current_site
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from forums.models import MinutesVersion
from forums.services import pdf_file_name
from portal import queries
from portal.calendar import meetings_calendar
from portal.filters import MinutesFilter

PAGE_SIZE = 20
HOME_LIST_LENGTH = 5
# How far back the calendar feed reaches; older meetings live on the minutes pages.
CALENDAR_PAST = timedelta(days=365)


@require_safe
def home(request):
    context = {
        "upcoming": list(queries.upcoming_public_meetings()[:HOME_LIST_LENGTH]),
        "latest_minutes": list(
            queries.published_minutes().order_by("-current_published_at", "-pk")[:HOME_LIST_LENGTH]
        ),
        "summary": queries.accountability_summary(),
    }
    return render(request, "portal/home.html", context)


@require_safe
def meeting_list(request):
    has_minutes = queries.published_minutes().filter(meeting=OuterRef("pk"))
    meetings = queries.public_meetings().annotate(has_minutes=Exists(has_minutes))
    past = meetings.exclude(pk__in=queries.upcoming_public_meetings().values("pk")).order_by(
        "-starts_at", "-pk"
    )
    page = Paginator(past, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"upcoming": list(queries.upcoming_public_meetings()), "page": page}
    return render(request, "portal/meeting_list.html", context)


@require_safe
def meetings_ics(request):
    since = timezone.now() - CALENDAR_PAST
    meetings = queries.public_meetings().filter(starts_at__gte=since).order_by("starts_at", "pk")
    published = set(
        queries.published_minutes().filter(meeting__starts_at__gte=since).values_list("meeting_id", flat=True)
    )

    def url_for_minutes(meeting):
        if meeting.pk in published:
            return request.build_absolute_uri(reverse("portal:minutes_detail", args=[meeting.pk]))
        return ""

    body = meetings_calendar(
        meetings, domain=get_current_site(request).domain, url_for_minutes=url_for_minutes
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="forum-meetings.ics"'
    return response


@require_safe
def minutes_list(request):
    filterset = MinutesFilter(request.GET, queryset=queries.published_minutes())
    # An invalid field (a malformed date) is shown with its error and left out of the filter.
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"filter": filterset, "page": page, "query": query.urlencode()}
    return render(request, "portal/minutes_list.html", context)


def _published_or_404(meeting_id: int):
    # An id beyond the database's integer range crashes SQLite's lookup (a 500): no such minutes.
    if not 0 < meeting_id < 2**63:
        raise Http404
    return get_object_or_404(queries.published_minutes(), meeting_id=meeting_id)


@require_safe
def minutes_detail(request, meeting_id: int):
    minutes = _published_or_404(meeting_id)
    versions = queries.public_versions(minutes)
    current = [v for v in versions if v.number == minutes.current_number]
    shown = queries.pick_language(current, translation.get_language())
    context = {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "shown": shown,
        "current": current,
        "older": [v for v in versions if v.number != minutes.current_number],
    }
    return render(request, "portal/minutes_detail.html", context)


def _pdf_response(request, version: MinutesVersion, *, immutable: bool):
    etag = f'"{version.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
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
    # A numbered version never changes; "latest" may move to a corrected version.
    response["Cache-Control"] = "public, max-age=31536000, immutable" if immutable else "public, max-age=300"
    return response


def _version(request, minutes, number: int) -> MinutesVersion:
    versions = [v for v in queries.public_versions(minutes) if v.number == number]
    version = queries.pick_language(versions, request.GET.get("lang") or translation.get_language())
    if version is None:
        raise Http404
    version.minutes = minutes
    return version


@require_safe
def minutes_pdf(request, meeting_id: int):
    minutes = _published_or_404(meeting_id)
    return _pdf_response(request, _version(request, minutes, minutes.current_number), immutable=False)


@require_safe
def minutes_version_pdf(request, meeting_id: int, number: int):
    minutes = _published_or_404(meeting_id)
    return _pdf_response(request, _version(request, minutes, number), immutable=True)
