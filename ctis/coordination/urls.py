from __future__ import annotations

from django.urls import path

from ctis.coordination import views

app_name = "coordination"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<uuid:public_id>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<uuid:public_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path(
        "meetings/<uuid:public_id>/action-items/",
        views.action_item_create,
        name="action_item_create",
    ),
    path("action-items/", views.action_item_list, name="action_item_list"),
    path("action-items/<uuid:public_id>/", views.action_item_detail, name="action_item_detail"),
    path("focal-points/", views.focal_point_list, name="focal_point_list"),
    path("focal-points/new/", views.focal_point_create, name="focal_point_create"),
    path("focal-points/<uuid:public_id>/edit/", views.focal_point_edit, name="focal_point_edit"),
]
