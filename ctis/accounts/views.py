"""Login, second factor, passwords, and user management for administrators."""

from __future__ import annotations

import base64
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctis.accounts import actions, permissions, queries, tokens
from ctis.accounts.forms import OrganisationForm, TokenForm, UserCreateForm
from ctis.accounts.guards import requires
from ctis.accounts.models import ROLE_LABELS, Country, User
from ctis.accounts.roles import Perm, Role
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.core import throttles
from ctis.core.redirects import next_target


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actor = Actor.from_request(self.request)
        audit.record(
            actor=actor,
            action=audit.Action.PASSWORD_CHANGED,
            object_type="user",
            object_id=str(self.request.user.public_id),  # type: ignore[union-attr]
            changed_fields=["password"],
        )
        tokens.revoke_all_tokens(form.user, tokens.Reason.PASSWORD_CHANGED, actor=actor)
        messages.success(self.request, _("Your password was changed."))
        return response


@method_decorator(throttles.throttle(*throttles.PASSWORD_RESET), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # The typed address is never recorded; only that a request was made.
        audit.record(
            actor=Actor.from_request(self.request),
            action=audit.Action.PASSWORD_RESET_REQUESTED,
        )
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        actor = Actor(
            user=form.user, client_address=Actor.from_request(self.request).client_address
        )
        audit.record(
            actor=actor,
            action=audit.Action.PASSWORD_RESET,
            object_type="user",
            object_id=str(form.user.public_id),
            changed_fields=["password"],
        )
        tokens.revoke_all_tokens(form.user, tokens.Reason.PASSWORD_RESET, actor=actor)
        return response


@login_required
@throttles.throttle(*throttles.TWO_FACTOR)
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    """Show a new authenticator secret as a QR code and confirm it with a first code."""
    user: User = request.user  # type: ignore[assignment]
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("accounts:two_factor_verify")
    device = actions.start_totp_enrolment(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if actions.confirm_totp_enrolment(
            actor=Actor.from_request(request), device=device, token=form.cleaned_data["token"]
        ):
            otp_login(request, device)
            messages.success(request, _("Two-factor login is set up."))
            return redirect(next_target(request))
        form.add_error(
            "token", _("That code is not right. Check the time on your phone and try again.")
        )
    secret = base64.b32encode(device.bin_key).decode()
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, omitsize=True)
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": qr_svg,
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@login_required
@throttles.throttle(*throttles.TWO_FACTOR)
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return redirect("accounts:two_factor_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _throttle = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            audit.record(
                actor=Actor.from_request(request),
                action=audit.Action.TWO_FACTOR_VERIFIED,
                object_type="user",
                object_id=str(user.public_id),
            )
            return redirect(next_target(request))
        audit.record(
            actor=Actor.from_request(request),
            action=audit.Action.TWO_FACTOR_FAILED,
            object_type="user",
            object_id=str(user.public_id),
        )
        form.add_error(
            "token",
            _("That code is not right. Wait for a new code and try again.")
            if allowed
            else _("Too many wrong codes. Wait a minute before trying again."),
        )
    return render(request, "accounts/two_factor_verify.html", {"form": form})


@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own account: password, and the API tokens they hold."""
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/account.html",
        {
            "tokens": [(tokens.token_id(t), t) for t in tokens.live_tokens(user)],
        },
    )


@require_POST
@login_required
def token_revoke(request: HttpRequest, token_id: str) -> HttpResponseBase:
    user: User = request.user  # type: ignore[assignment]
    if not tokens.revoke_token(
        user, token_id, tokens.Reason.REVOKED_BY_USER, actor=Actor.from_request(request)
    ):
        raise Http404
    messages.success(request, _("The token is revoked. Programs using it can no longer connect."))
    return redirect("accounts:account")


@require_POST
@login_required
def token_revoke_all(request: HttpRequest) -> HttpResponseBase:
    user: User = request.user  # type: ignore[assignment]
    tokens.revoke_all_tokens(user, tokens.Reason.REVOKED_BY_USER, actor=Actor.from_request(request))
    messages.success(request, _("All your API tokens are revoked."))
    return redirect("accounts:account")


@requires(Perm.MANAGE_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    users = queries.users_visible_to(request.user).select_related()  # type: ignore[arg-type]
    return render(request, "accounts/user_list.html", {"users": users, "role_labels": ROLE_LABELS})


@requires(Perm.MANAGE_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    organisations = queries.organisations_manageable_by(request.user)  # type: ignore[arg-type]
    form = UserCreateForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = actions.create_user(
                actor=Actor.from_request(request),
                username=data["username"],
                organisation=data["organisation"],
                roles=data["roles"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request,
                _("Account created. Send the user to 'Forgot your password?' to set a password."),
            )
            return redirect("accounts:user_detail", public_id=user.public_id)
    return render(request, "accounts/user_create.html", {"form": form})


@requires(Perm.MANAGE_USERS)
def user_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    account = queries.get_user_for(request.user, public_id)  # type: ignore[arg-type]
    audit.record(
        actor=Actor.from_request(request),
        action=audit.Action.VIEW,
        object_type="user",
        object_id=str(account.public_id),
    )
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "roles": [ROLE_LABELS[Role(m.role)] for m in account.memberships.all()],
            "has_device": TOTPDevice.objects.filter(user=account, confirmed=True).exists(),
        },
    )


@require_POST
@requires(Perm.MANAGE_USERS)
def user_deactivate(request: HttpRequest, public_id: str) -> HttpResponseBase:
    account = queries.get_user_for(request.user, public_id)  # type: ignore[arg-type]
    actions.deactivate_user(actor=Actor.from_request(request), user=account)
    messages.success(request, _("The account is deactivated."))
    return redirect("accounts:user_detail", public_id=account.public_id)


@require_POST
@requires(Perm.MANAGE_USERS)
def user_reset_two_factor(request: HttpRequest, public_id: str) -> HttpResponseBase:
    account = queries.get_user_for(request.user, public_id)  # type: ignore[arg-type]
    actions.reset_two_factor(actor=Actor.from_request(request), user=account)
    messages.success(request, _("The user will set up two-factor login again at their next login."))
    return redirect("accounts:user_detail", public_id=account.public_id)


@requires(Perm.MANAGE_ORGANISATIONS)
def organisation_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    countries = permissions.countries_for(user, Perm.MANAGE_ORGANISATIONS)
    regional_allowed = countries == permissions.ALL_COUNTRIES
    form = OrganisationForm(
        request.POST or None,
        countries=Country.objects.filter(code__in=countries),
        regional_allowed=regional_allowed,
    )
    if request.method == "POST" and form.is_valid():
        organisation = actions.create_organisation(
            actor=Actor.from_request(request),
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            country=form.cleaned_data["country"],
        )
        messages.success(request, _("%(name)s was added.") % {"name": organisation.name})
        return redirect("accounts:organisation_list")
    return render(
        request,
        "accounts/organisation_list.html",
        {"organisations": queries.organisations_visible_to(user), "form": form},
    )
