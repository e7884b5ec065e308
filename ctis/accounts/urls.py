from __future__ import annotations

from django.urls import path

from ctis.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
    path("two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        views.auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        views.auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    # Shaped like the reset link: the token segment is redacted from logs (ctis/core/logging.py).
    path(
        "invitation/<uidb64>/<token>/",
        views.InvitationConfirmView.as_view(),
        name="invitation_confirm",
    ),
    path("account/", views.account, name="account"),
    path("account/tokens/<str:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/tokens/revoke-all/", views.token_revoke_all, name="token_revoke_all"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path(
        "organisations/<uuid:public_id>/",
        views.organisation_detail,
        name="organisation_detail",
    ),
    path(
        "organisations/<uuid:public_id>/deactivate/",
        views.organisation_deactivate,
        name="organisation_deactivate",
    ),
    path(
        "organisations/<uuid:public_id>/reactivate/",
        views.organisation_reactivate,
        name="organisation_reactivate",
    ),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<uuid:public_id>/", views.user_detail, name="user_detail"),
    path("users/<uuid:public_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<uuid:public_id>/invite/", views.user_invite, name="user_invite"),
    path("users/<uuid:public_id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<uuid:public_id>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path(
        "users/<uuid:public_id>/reset-two-factor/",
        views.user_reset_two_factor,
        name="user_reset_two_factor",
    ),
]
