from django.urls import path

from . import views

app_name = "myspace"

urlpatterns = [
    path("mon-espace/", views.my_space_page, name="my_space"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/<int:pk>/lu/", views.notification_read, name="notification_read"),
    path("notifications/tout-lu/", views.notification_read_all, name="notification_read_all"),
]
