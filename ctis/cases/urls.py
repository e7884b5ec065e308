from __future__ import annotations

from django.urls import path

from ctis.cases import assistance_views, views, views_break_glass, views_rights

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("search/", views.case_search, name="search"),
    path("statistics/", views.case_statistics, name="statistics"),
    path("open/<uuid:public_id>/", views.case_open, name="open"),
    # Rights of the person (DPO) and break-glass (administrators); before "<code>/".
    path("rights/", views_rights.rights_home, name="rights"),
    path("rights/<str:code>/", views_rights.rights_person, name="rights_person"),
    path("rights/<str:code>/export.json", views_rights.rights_export_json, name="rights_json"),
    path("rights/<str:code>/export.pdf", views_rights.rights_export_pdf, name="rights_pdf"),
    path("rights/<str:code>/erase/", views_rights.rights_erase, name="rights_erase"),
    path("break-glass/", views_break_glass.break_glass, name="break_glass"),
    path("break-glass/grants/", views_break_glass.break_glass_grants, name="break_glass_grants"),
    path("break-glass/<str:code>/end/", views_break_glass.break_glass_end, name="break_glass_end"),
    # Assessments, plan, assistance and documents; before "<code>/" too.
    path("<str:code>/assessments/", assistance_views.assessment_add, name="assessment_add"),
    path("<str:code>/needs/", assistance_views.need_add, name="need_add"),
    path("<str:code>/plan/", assistance_views.plan_add, name="plan_add"),
    path("<str:code>/plan/<int:pk>/status/", assistance_views.plan_status, name="plan_status"),
    path("<str:code>/assistance/", assistance_views.assistance_add, name="assistance_add"),
    path("<str:code>/documents/", assistance_views.document_upload, name="document_upload"),
    path(
        "<str:code>/documents/<int:pk>/",
        assistance_views.document_download,
        name="document_download",
    ),
    path(
        "<str:code>/documents/<int:pk>/delete/",
        assistance_views.document_delete,
        name="document_delete",
    ),
    path("<str:code>/", views.case_detail, name="detail"),
    path("<str:code>/person/", views.person_edit, name="person"),
    path("<str:code>/status/", views.case_status, name="status"),
    path("<str:code>/consent/", views.case_consent, name="consent"),
    path("<str:code>/notes/", views.case_note, name="note"),
    path("<str:code>/close/", views.case_close, name="close"),
    path("<str:code>/reopen/", views.case_reopen, name="reopen"),
]
