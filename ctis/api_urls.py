"""/api/v1/: each app contributes its routes here."""

from __future__ import annotations

from django.urls import path

from ctis.accounts import api as accounts_api
from ctis.cases import api as cases_api
from ctis.directory import api as directory_api
from ctis.referrals import api as referrals_api

urlpatterns = [
    path("auth/token/", accounts_api.TokenView.as_view(), name="api-token"),
    path("auth/logout/", accounts_api.LogoutView.as_view(), name="api-logout"),
    path("auth/logoutall/", accounts_api.LogoutAllView.as_view(), name="api-logout-all"),
    path("me/", accounts_api.MeView.as_view(), name="api-me"),
    path("accounts/", accounts_api.AccountList.as_view(), name="api-accounts"),
    path("accounts/<uuid:public_id>/", accounts_api.AccountDetail.as_view(), name="api-account"),
    path("cases/", cases_api.CaseList.as_view(), name="api-cases"),
    path("cases/<uuid:public_id>/", cases_api.CaseDetail.as_view(), name="api-case"),
    path("referrals/", referrals_api.ReferralList.as_view(), name="api-referrals"),
    path(
        "referrals/<uuid:public_id>/",
        referrals_api.ReferralDetail.as_view(),
        name="api-referral",
    ),
    path("services/", directory_api.ServiceList.as_view(), name="api-services"),
    path("services/<uuid:public_id>/", directory_api.ServiceDetail.as_view(), name="api-service"),
]
