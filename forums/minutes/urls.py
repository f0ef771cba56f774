"""Staff pages of the minutes workflow, included under /staff/minutes/."""

from django.urls import path

from forums.minutes import views

app_name = "minutes"

urlpatterns = [
    path("<int:meeting_pk>/", views.minutes_detail, name="detail"),
    path("<int:meeting_pk>/start/", views.minutes_start, name="start"),
    path("<int:meeting_pk>/<str:transition>/", views.minutes_transition, name="transition"),
    path("<int:meeting_pk>/v<int:number>-<str:language>.pdf", views.minutes_version_pdf, name="version_pdf"),
]
