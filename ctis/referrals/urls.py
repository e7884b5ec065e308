from __future__ import annotations

from django.urls import path

from ctis.referrals import views

app_name = "referrals"
urlpatterns = [
    path("", views.referral_list, name="list"),
    path("statistics/", views.referral_statistics, name="statistics"),
    path("new/<str:case_code>/", views.referral_new, name="new"),
    path("<str:code>/", views.referral_detail, name="detail"),
    path("<str:code>/letter/", views.referral_letter, name="letter"),
    path("<str:code>/status/", views.referral_status, name="status"),
]
