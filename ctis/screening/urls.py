from __future__ import annotations

from django.urls import path

from ctis.screening import catalogue_views, views

app_name = "screening"
urlpatterns = [
    path("", views.screening_list, name="list"),
    path("new/", views.screening_start, name="start"),
    path("<uuid:public_id>/", views.screening_result, name="result"),
    path("<uuid:public_id>/about/", views.screening_profile, name="profile"),
    path("<uuid:public_id>/questions/<int:number>/", views.screening_stage, name="stage"),
    path("<uuid:public_id>/finish/", views.screening_review, name="review"),
    path("<uuid:public_id>/case/", views.screening_case_request, name="case_request"),
]

urlpatterns += [
    path("statistics/", views.screening_statistics, name="statistics"),
    path("catalogues/", catalogue_views.catalogue_list, name="catalogue_list"),
    path("catalogues/new/", catalogue_views.catalogue_new, name="catalogue_new"),
    path("catalogues/<uuid:public_id>/", catalogue_views.catalogue_detail, name="catalogue_detail"),
    path(
        "catalogues/<uuid:public_id>/approve/",
        catalogue_views.catalogue_approve,
        name="catalogue_approve",
    ),
]

from ctis.screening.offline import views as offline_views  # noqa: E402

urlpatterns += [
    path("offline/", offline_views.offline, name="offline"),
    path("offline/form.xlsx", offline_views.form_xlsx, name="offline_xlsx"),
    path("offline/form.xml", offline_views.form_xml, name="offline_xml"),
]
