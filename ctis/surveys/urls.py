from __future__ import annotations

from django.urls import URLPattern, path

from ctis.surveys import views

app_name = "surveys"
urlpatterns: list[URLPattern] = [
    path("", views.survey_list, name="survey_list"),
    path("new/", views.survey_create, name="survey_create"),
    path("instrument/fms-ct-2017.xlsx", views.instrument_xlsx, name="instrument_xlsx"),
    path("instrument/fms-ct-2017.xml", views.instrument_xml, name="instrument_xml"),
    path("batches/<uuid:public_id>/", views.batch_detail, name="batch_detail"),
    path("<uuid:public_id>/", views.survey_detail, name="survey_detail"),
    path("<uuid:public_id>/connection/", views.survey_connection, name="survey_connection"),
    path("<uuid:public_id>/import/", views.survey_import, name="survey_import"),
    path("<uuid:public_id>/pull/<str:server>/", views.survey_pull, name="survey_pull"),
]
