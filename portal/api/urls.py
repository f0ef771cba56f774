"""The open-data API's URLs: /api/v1/, its schema and docs. `v1` is a promise (docs/api.md)."""

from django.urls import include
from django.urls import path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from portal.api import views

app_name = "api"

router = SimpleRouter()
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("forums", views.ForumViewSet, basename="forum")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("minutes", views.MinutesViewSet, basename="minutes")
router.register("concerns", views.ConcernViewSet, basename="concern")
router.register("actions", views.ActionViewSet, basename="action")
router.register("tombstones", views.TombstoneViewSet, basename="tombstone")

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("statistics/", views.StatisticsView.as_view(), name="statistics"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    path("", include(router.urls)),
]
