from django.urls import path

from actions import views

app_name = "actions"

urlpatterns = [
    path("mine/", views.my_actions, name="my_actions"),
    path("mine/export.csv", views.my_actions_csv, name="my_actions_csv"),
    path("<int:pk>/", views.action_detail, name="action_detail"),
    path("<int:pk>/update/", views.action_update, name="action_update"),
    path("<int:pk>/reassign/", views.action_reassign, name="action_reassign"),
    path("new/meeting/<int:meeting_pk>/", views.action_create, name="action_create"),
]
