"""The open-data API: read-only, anonymous, JSON, every record from `portal.api.records`.

Views are thin: a record set, a filter, a serializer. They add what every response needs: the
reader's language (`?lang=` or Accept-Language), the data licence, cursor pages, throttling.
ETags, 304s and the licence header are set for the whole /api/ tree in `portal.api.middleware`.
"""

from django.conf import settings
from django.db.models import F
from django.shortcuts import render
from django.utils import translation
from drf_spectacular.utils import OpenApiParameter
from drf_spectacular.utils import extend_schema
from drf_spectacular.utils import inline_serializer
from rest_framework import mixins
from rest_framework import serializers
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from forums import privacy
from forums.models import ConcernCategory
from forums.models import Municipality
from portal.api import docs as api_docs
from portal.api import filters
from portal.api import records
from portal.api import serializers as api
from portal.api.filters import by_id_or_slug
from portal.api.statistics import StatisticsSerializer
from portal.api.statistics import statistics_data

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


def licence() -> str:
    return settings.API_LICENCE_URL


class OpenDataThrottle(AnonRateThrottle):
    """Anonymous requests per client address, counted in Django's cache; the rate is a setting."""

    scope = "open_data"

    def get_rate(self):
        return settings.API_THROTTLE_RATE


class CursorPage(CursorPagination):
    """Pages by position, not number: a record added while a client pages never shifts the pages."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_ordering(self, request, queryset, view):
        return view.ordering

    def get_paginated_response(self, data):
        return Response(
            {
                "licence": licence(),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"] = {"licence": {"type": "string", "format": "uri"}, **paginated["properties"]}
        paginated["required"] = ["licence", "next", "previous", "results"]
        return paginated


def activate_reader_language(request) -> None:
    """`?lang=` when given (400 when not a language of the site), else Accept-Language, else Albanian.

    The /api/ paths carry no language prefix, so Django's LocaleMiddleware would always pick the
    default language for them.
    """
    wanted = request.query_params.get("lang")
    if wanted is not None and wanted not in LANGUAGE_CODES:
        raise ValidationError({"lang": [f"Choose one of: {', '.join(LANGUAGE_CODES)}."]})
    language = wanted or translation.get_language_from_request(request._request)
    translation.activate(language)
    request.LANGUAGE_CODE = language


class OpenDataMixin:
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [OpenDataThrottle]
    renderer_classes = [JSONRenderer]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        activate_reader_language(request)


class RecordViewSet(OpenDataMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = CursorPage
    ordering: tuple[str, ...] = ("pk",)
    records = staticmethod(records.forums)
    lookup_value_regex = "[0-9]{1,18}"  # a longer number is no id the database holds: 404 at once

    def get_queryset(self):
        return self.records()


class MunicipalityViewSet(RecordViewSet):
    """Municipalities that run safety forums, with the languages of their documents."""

    serializer_class = api.MunicipalitySerializer
    records = staticmethod(records.municipalities)


class ForumViewSet(RecordViewSet):
    """Active forums: municipal councils (MCSC) and local committees (LPSC), as Open Civic Data Organizations."""

    serializer_class = api.ForumSerializer
    filterset_class = filters.ForumFilter
    records = staticmethod(records.forums)


class MeetingViewSet(RecordViewSet):
    """Public meetings of active forums, past and coming, newest first (Open Civic Data Events).

    Closed meetings never appear. Restricted concerns and actions appear only as the counts the
    published minutes print, in `restricted`.
    """

    serializer_class = api.MeetingSerializer
    filterset_class = filters.MeetingFilter
    records = staticmethod(records.meetings)
    ordering = ("-starts_at",)

    def get_serializer(self, *args, **kwargs):
        meetings = args[0] if args else []
        meetings = meetings if isinstance(meetings, list) else [meetings]
        kwargs["context"] = {
            **self.get_serializer_context(),
            "restricted_counts": records.restricted_counts(
                [m.pk for m in meetings if getattr(m, "has_published_minutes", False)]
            ),
            "agendas": privacy.public_agendas(meetings),
        }
        return self.get_serializer_class()(*args, **kwargs)


class MinutesViewSet(RecordViewSet):
    """Minutes ever published of public meetings, each with every version; withdrawn ones without their file."""

    serializer_class = api.MinutesSerializer
    filterset_class = filters.MinutesFilter
    ordering = ("-meeting_starts_at",)
    lookup_field = "meeting_id"
    lookup_url_kwarg = "meeting"

    def get_queryset(self):
        return records.minutes().annotate(meeting_starts_at=F("meeting__starts_at"))


class PublicIdViewSet(RecordViewSet):
    """Records named by their random `public_id`: sequential keys would count the restricted ones."""

    ordering = ("created_at",)
    lookup_field = "public_id"
    lookup_url_kwarg = "id"
    lookup_value_regex = "[0-9a-f-]{36}"


class ConcernViewSet(PublicIdViewSet):
    """Public concerns with what was done about them. Restricted concerns are counted, never listed."""

    serializer_class = api.ConcernSerializer
    filterset_class = filters.ConcernFilter
    records = staticmethod(records.concerns)


class ActionViewSet(PublicIdViewSet):
    """Public actions with their public updates. Restricted actions are counted, never listed."""

    serializer_class = api.ActionSerializer
    filterset_class = filters.ActionFilter
    records = staticmethod(records.actions)


class TombstoneViewSet(OpenDataMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Records the API showed and no longer shows, oldest first: delete your copies of them."""

    serializer_class = api.TombstoneSerializer
    filterset_class = filters.TombstoneFilter
    pagination_class = CursorPage
    ordering = ("removed_at",)

    def get_queryset(self):
        return records.tombstones()


def _chosen(model, value: str | None, name: str):
    """A municipality or category given by id or slug; 400 when there is none such."""
    if not value:
        return None
    found = model.objects.filter(by_id_or_slug("", value)).first()
    if found is None:
        raise ValidationError({name: [f"No {name} {value!r}."]})
    return found


class StatisticsView(OpenDataMixin, APIView):
    """The accountability numbers ("you said, we did"), gated exactly as on the public page."""

    @extend_schema(
        parameters=[
            OpenApiParameter("municipality", str, description="Municipality: id or slug."),
            OpenApiParameter("category", str, description="Concern category: id or slug."),
        ],
        responses=StatisticsSerializer,
    )
    def get(self, request):
        municipality = _chosen(Municipality, request.query_params.get("municipality"), "municipality")
        category = _chosen(ConcernCategory, request.query_params.get("category"), "category")
        return Response(
            {"licence": licence(), **statistics_data(municipality=municipality, category=category)}
        )


# The root lists each resource under its plural, as its list's address names it.
RESOURCE_ROUTES = {
    "municipalities": "municipality",
    "forums": "forum",
    "meetings": "meeting",
    "minutes": "minutes",
    "concerns": "concern",
    "actions": "action",
    "tombstones": "tombstone",
}


class RootView(OpenDataMixin, APIView):
    """What the API offers: its resources, schema, documentation and data licence."""

    @extend_schema(
        responses=inline_serializer(
            "Root",
            {
                "version": serializers.CharField(),
                "licence": serializers.URLField(),
                "licence_name": serializers.CharField(),
                "schema": serializers.URLField(),
                "docs": serializers.URLField(),
                "resources": serializers.DictField(child=serializers.URLField()),
            },
        )
    )
    def get(self, request):
        resources = {
            plural: reverse(f"api:{name}-list", request=request) for plural, name in RESOURCE_ROUTES.items()
        }
        resources["statistics"] = reverse("api:statistics", request=request)
        return Response(
            {
                "version": "v1",
                "licence": licence(),
                "licence_name": settings.API_LICENCE_NAME,
                "schema": reverse("api:schema", request=request),
                "docs": reverse("api:docs", request=request),
                "resources": resources,
            }
        )


def docs(request):
    """Human-readable docs of every endpoint, its filters and its fields, from the OpenAPI schema."""
    return render(
        request,
        "portal/api_docs.html",
        {"resources": api_docs.resources(), "schema_info": api_docs.schema()["info"]},
    )
