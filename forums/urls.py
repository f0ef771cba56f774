from django.urls import path

from forums import audit_views
from forums import survey_views
from forums import views

app_name = "forums"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("forums/<slug:slug>/", views.forum_detail, name="forum_detail"),
    path("forums/<slug:slug>/audit/", audit_views.forum_audit, name="forum_audit"),
    path("forums/<slug:slug>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("forums/<slug:slug>/survey/", survey_views.forum_survey, name="forum_survey"),
    path(
        "forums/<slug:slug>/survey/comments/<int:pk>/theme/",
        survey_views.survey_comment_theme,
        name="survey_comment_theme",
    ),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/outcome/", views.meeting_outcome, name="meeting_outcome"),
    path("meetings/<int:pk>/attendance/", views.meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/agenda/new/", views.agenda_item_add, name="agenda_item_add"),
    path("meetings/<int:pk>/agenda/order/", views.agenda_reorder, name="agenda_reorder"),
    path("meetings/<int:pk>/agenda/publish/", views.agenda_publish, name="agenda_publish"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/edit/", views.agenda_item_edit, name="agenda_item_edit"),
    path("meetings/<int:pk>/agenda/<int:item_pk>/move/", views.agenda_item_move, name="agenda_item_move"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/", views.agenda_item_remove, name="agenda_item_remove"
    ),
    path("meetings/<int:pk>/concerns/new/", views.concern_create, name="concern_create"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/edit/", views.concern_edit, name="concern_edit"),
    path("concerns/<int:pk>/close/", views.concern_close, name="concern_close"),
    path("concerns/<int:pk>/reopen/", views.concern_reopen, name="concern_reopen"),
    path("concerns/<int:pk>/escalate/", views.concern_escalate, name="concern_escalate"),
    path("concerns/<int:pk>/propose-public/", views.concern_propose_public, name="concern_propose_public"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/confirm/", views.proposal_confirm, name="proposal_confirm"),
    path("proposals/<int:pk>/decline/", views.proposal_decline, name="proposal_decline"),
]
