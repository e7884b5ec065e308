from __future__ import annotations

from django.urls import path, re_path

from ctis.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.programme_report, name="programme"),
    re_path(r"^programme\.(?P<fmt>pdf|xlsx)$", views.programme_download, name="download"),
]
