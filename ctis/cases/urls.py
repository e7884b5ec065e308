from __future__ import annotations

from django.urls import path

from ctis.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("search/", views.case_search, name="search"),
    path("statistics/", views.case_statistics, name="statistics"),
    path("open/<uuid:public_id>/", views.case_open, name="open"),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/person/", views.person_edit, name="person"),
    path("<str:code>/status/", views.case_status, name="status"),
    path("<str:code>/consent/", views.case_consent, name="consent"),
    path("<str:code>/notes/", views.case_note, name="note"),
    path("<str:code>/close/", views.case_close, name="close"),
    path("<str:code>/reopen/", views.case_reopen, name="reopen"),
]
