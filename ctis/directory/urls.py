from __future__ import annotations

from django.urls import path

from ctis.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.service_search, name="search"),
    path("new/", views.service_create, name="create"),
    path("<uuid:public_id>/", views.service_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.service_edit, name="edit"),
    path("<uuid:public_id>/availability/", views.service_availability, name="availability"),
]
