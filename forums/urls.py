from django.urls import path

from forums import views

app_name = "forums"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("forums/<slug:slug>/", views.placeholder, name="forum_detail"),
    path("meetings/<int:pk>/", views.placeholder, name="meeting_detail"),
    path("concerns/<int:pk>/", views.placeholder, name="concern_detail"),
]
