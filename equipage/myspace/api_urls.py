"""API routes of the personal space, included under /api/v1/ (inside the "api" namespace)."""

from django.urls import path

from .api import MyTodoView

urlpatterns = [path("me/todo/", MyTodoView.as_view(), name="me-todo")]
