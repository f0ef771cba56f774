from django.urls import path

from forums.submissions import views

app_name = "submissions"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/accept/", views.accept, name="accept"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/route/", views.route, name="route"),
    path("<int:pk>/decline/", views.decline, name="decline"),
]
