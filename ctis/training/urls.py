from __future__ import annotations

from django.urls import path

from ctis.training import views

app_name = "training"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("new/", views.session_create, name="session_create"),
    path("modules/", views.module_list, name="module_list"),
    path("<uuid:public_id>/", views.session_detail, name="session_detail"),
    path("<uuid:public_id>/edit/", views.session_edit, name="session_edit"),
    path("<uuid:public_id>/participants/new/", views.participant_create, name="participant_create"),
    path(
        "<uuid:public_id>/participants/import/",
        views.participant_import,
        name="participant_import",
    ),
    path(
        "<uuid:public_id>/participants/template.csv", views.import_template, name="import_template"
    ),
    path(
        "<uuid:public_id>/participants/template.xlsx",
        views.import_template_xlsx,
        name="import_template_xlsx",
    ),
    path("<uuid:public_id>/scores/", views.session_scores, name="session_scores"),
    path("<uuid:public_id>/attendance/", views.session_attendance, name="session_attendance"),
    path(
        "<uuid:public_id>/certificates.pdf", views.session_certificates, name="session_certificates"
    ),
    path("participants/<uuid:public_id>/", views.participant_edit, name="participant_edit"),
    path(
        "participants/<uuid:public_id>/remove/", views.participant_remove, name="participant_remove"
    ),
    path(
        "participants/<uuid:public_id>/certificate.pdf",
        views.participant_certificate,
        name="participant_certificate",
    ),
]
