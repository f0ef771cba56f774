"""Public URLs: stable, because citizens share them (README, "What is where")."""

from django.urls import path

from forum_site.lib.public_cache import cached_public_page
from portal import feedback
from portal import submission_views
from portal import subscription_views
from portal import views
from portal.feeds import ForumMinutesFeed
from portal.feeds import LatestMinutesFeed

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/calendar.ics", views.meetings_ics, name="meetings_ics"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>.ics", views.meeting_ics, name="meeting_ics"),
    path("minutes/", views.minutes_list, name="minutes_list"),
    path("minutes/<int:meeting_id>/", views.minutes_detail, name="minutes_detail"),
    path("minutes/<int:meeting_id>.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("minutes/<int:meeting_id>/v<int:number>.pdf", views.minutes_version_pdf, name="minutes_version_pdf"),
    path("accountability/", views.accountability_view, name="accountability"),
    path("accountability/export.csv", views.accountability_csv, name="accountability_csv"),
    path("feeds/minutes/", cached_public_page(LatestMinutesFeed()), name="minutes_feed"),
    path("feeds/minutes/<slug:slug>/", cached_public_page(ForumMinutesFeed()), name="forum_minutes_feed"),
    path("feedback/<int:meeting_id>/", feedback.feedback, name="feedback"),
    path("subscribe/", subscription_views.subscribe, name="subscribe"),
    path("subscribe/confirm/<str:token>/", subscription_views.subscribe_confirm, name="subscribe_confirm"),
    path("unsubscribe/<str:token>/", subscription_views.unsubscribe, name="unsubscribe"),
    path("help/", views.help_view, name="help"),
    path("raise/", submission_views.raise_concern, name="raise"),
    # Before the forum's address, which would take "receipt" for a forum's slug.
    path("raise/receipt/", submission_views.receipt, name="raise_receipt"),
    path("raise/<slug:slug>/", submission_views.raise_concern, name="raise_for_forum"),
    path("track/", submission_views.track_lookup, name="track_lookup"),
    path("track/<str:code>/", submission_views.track, name="track"),
]
