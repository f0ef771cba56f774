from django.urls import path

from forums import views

app_name = "forums"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("forums/<slug:slug>/", views.dashboard, name="forum_detail"),
    path("meetings/<int:pk>/", views.dashboard, name="meeting_detail"),
    path("concerns/<int:pk>/", views.dashboard, name="concern_detail"),
]
