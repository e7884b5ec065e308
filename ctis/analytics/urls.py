from __future__ import annotations

from django.urls import path, re_path

from ctis.analytics import views

app_name = "analytics"
urlpatterns = [
    path("", views.prevalence_dashboard, name="dashboard"),
    re_path(r"^prevalence\.(?P<fmt>csv|hxl|xlsx)$", views.prevalence_download, name="download"),
]
