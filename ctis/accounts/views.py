"""Login, second factor, passwords, and user management for administrators."""

from __future__ import annotations

import base64
import contextlib
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctis.accounts import actions, invitations, permissions, queries, tokens
from ctis.accounts.forms import OrganisationForm, TokenForm, UserCreateForm, UserEditForm
from ctis.accounts.guards import requires
from ctis.accounts.models import ROLE_LABELS, Country, Organisation, User
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
        # Django's form skips accounts without a password: one still waiting for its first
        # password gets a fresh invitation instead (the page says the same either way).
        pending = User.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True
        ).exclude(memberships=None)
        for account in pending:
            if invitations.is_pending(account):
                # As for a reset e-mail, the page never says whether one went out.
                with contextlib.suppress(actions.InvitationNotSent):
                    actions.send_invitation(
                        actor=Actor.system("password reset page"),
                        user=account,
                        site_url=_site_url(self.request),
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


def _site_url(request: HttpRequest) -> str:
    """Scheme and host of this request, for links in e-mails."""
    return request.build_absolute_uri("/").rstrip("/")


class InvitationConfirmView(auth_views.PasswordResetConfirmView):
    """The invited person opens the link, sets a password, is logged in and enrols 2FA.

    As for a reset link, the token is moved into the session at once and the browser is sent
    to a path without it, so it appears in no further request line, referrer or history.
    """

    template_name = "accounts/invitation_confirm.html"
    token_generator = invitations.invitation_tokens
    reset_url_token = "set-password"  # noqa: S105 - a path segment, not a secret
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("core:home")  # then the second-factor middleware: enrolment

    def get_user(self, uidb64: str) -> User | None:
        user = super().get_user(uidb64)
        if user is None or not invitations.is_pending(user):
            return None  # used already, or deactivated
        return user

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.user
        actions.accept_invitation(
            user=user,
            password=form.cleaned_data["new_password1"],
            client_address=Actor.from_request(self.request).client_address,
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        auth_login(self.request, user, self.post_reset_login_backend)
        messages.success(self.request, _("Your password is set."))
        return redirect(self.get_success_url())


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
            "config_url": device.config_url,
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
        actor = Actor.from_request(request)
        try:
            user = actions.create_user(
                actor=actor,
                username=data["username"],
                organisation=data["organisation"],
                roles=data["roles"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            _invite(request, user, _("Account created. An invitation was sent to %(email)s."))
            return redirect("accounts:user_detail", public_id=user.public_id)
    return render(request, "accounts/user_create.html", {"form": form})


def _add_errors(form: Any, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _invite(request: HttpRequest, account: User, done: str) -> None:
    """Send (or resend) the invitation and say what happened; a mail failure loses nothing."""
    try:
        actions.send_invitation(
            actor=Actor.from_request(request), user=account, site_url=_site_url(request)
        )
    except actions.InvitationNotSent:
        messages.error(
            request,
            _("The invitation could not be sent: the mail server did not answer. Try again."),
        )
    else:
        messages.success(request, done % {"email": account.email})


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
            "organisation": actions.home_organisation(account),
            "roles": [ROLE_LABELS[Role(m.role)] for m in account.memberships.all()],
            "has_device": TOTPDevice.objects.filter(user=account, confirmed=True).exists(),
            "pending": invitations.is_pending(account),
            "is_self": account.pk == request.user.pk,
        },
    )


@requires(Perm.MANAGE_USERS)
def user_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    """Change an account's name, e-mail, organisation (and so country) and roles."""
    account = queries.get_user_for(request.user, public_id)  # type: ignore[arg-type]
    organisation = actions.home_organisation(account)
    initial = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "organisation": organisation.public_id if organisation else None,
        "roles": [m.role for m in account.memberships.all()],
    }
    form = UserEditForm(
        request.POST or None,
        initial=initial,
        organisations=queries.organisations_manageable_by(request.user),  # type: ignore[arg-type]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = actions.update_user(
                actor=Actor.from_request(request),
                user=account,
                organisation=data["organisation"],
                roles=data["roles"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            if {"roles", "organisation"} & set(changed):
                messages.success(request, _("Saved. The account's API tokens have ended."))
            elif changed:
                messages.success(request, _("Saved."))
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("accounts:user_detail", public_id=account.public_id)
    return render(request, "accounts/user_edit.html", {"form": form, "account": account})


@require_POST
@requires(Perm.MANAGE_USERS)
def user_invite(request: HttpRequest, public_id: str) -> HttpResponseBase:
    """Send the invitation again; the earlier link stops working."""
    account = queries.get_user_for(request.user, public_id)  # type: ignore[arg-type]
    if not invitations.is_pending(account):
        messages.error(request, _("This account already has a password or is deactivated."))
    else:
        _invite(
            request,
            account,
            _("A new invitation was sent to %(email)s. The earlier link no longer works."),
        )
    return redirect("accounts:user_detail", public_id=account.public_id)


@require_POST
@requires(Perm.MANAGE_USERS)
def user_deactivate(request: HttpRequest, public_id: str) -> HttpResponseBase:
    account = queries.get_user_for(request.user, public_id)  # type: ignore[arg-type]
    if account.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    else:
        actions.deactivate_user(actor=Actor.from_request(request), user=account)
        messages.success(request, _("The account is deactivated and its API tokens have ended."))
    return redirect("accounts:user_detail", public_id=account.public_id)


@require_POST
@requires(Perm.MANAGE_USERS)
def user_reactivate(request: HttpRequest, public_id: str) -> HttpResponseBase:
    account = queries.get_user_for(request.user, public_id)  # type: ignore[arg-type]
    try:
        actions.reactivate_user(actor=Actor.from_request(request), user=account)
    except ValidationError:
        messages.error(request, _("The organisation is deactivated; reactivate it first."))
    else:
        messages.success(
            request, _("The account is active again. It sets up two-factor login at next login.")
        )
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
        countries=Country.objects.filter(code__in=countries).order_by("code"),
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


def _organisation_form(request: HttpRequest, organisation: Organisation) -> OrganisationForm:
    user: User = request.user  # type: ignore[assignment]
    countries = permissions.countries_for(user, Perm.MANAGE_ORGANISATIONS)
    return OrganisationForm(
        request.POST or None,
        countries=Country.objects.filter(code__in=countries).order_by("code"),
        regional_allowed=countries == permissions.ALL_COUNTRIES,
        instance=organisation,
    )


@requires(Perm.MANAGE_ORGANISATIONS)
def organisation_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    """An organisation's details (editable), its status and its accounts."""
    organisation = queries.get_organisation_for(request.user, public_id)  # type: ignore[arg-type]
    form = _organisation_form(request, organisation)
    if request.method == "POST" and form.is_valid():
        changed = actions.update_organisation(
            actor=Actor.from_request(request),
            organisation=organisation,
            name=form.cleaned_data["name"],
            kind=form.cleaned_data["kind"],
            country=form.cleaned_data["country"],
        )
        messages.success(request, _("Saved.") if changed else _("Nothing was changed."))
        return redirect("accounts:organisation_detail", public_id=organisation.public_id)
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "form": form,
            "accounts": queries.accounts_of(organisation),
            "cases_held": _cases_held(organisation),
            "active_accounts": queries.accounts_of(organisation).filter(is_active=True).count(),
        },
    )


def _cases_held(organisation: Organisation) -> int:
    """How many case records the organisation holds (a count; no case is opened)."""
    from ctis.cases.models import Case

    return Case.objects.filter(organisation=organisation).count()


@require_POST
@requires(Perm.MANAGE_ORGANISATIONS)
def organisation_deactivate(request: HttpRequest, public_id: str) -> HttpResponseBase:
    organisation = queries.get_organisation_for(request.user, public_id)  # type: ignore[arg-type]
    own = request.user.organisation  # type: ignore[union-attr]
    if own is not None and own.pk == organisation.pk:
        messages.error(request, _("You cannot deactivate your own organisation."))
    elif request.POST.get("confirm") != "yes":
        messages.error(request, _("Tick the box to confirm that the partnership ends."))
    else:
        count = actions.deactivate_organisation(
            actor=Actor.from_request(request), organisation=organisation
        )
        messages.success(
            request,
            ngettext(
                "%(name)s is deactivated, with %(count)s account. Its records are kept.",
                "%(name)s is deactivated, with %(count)s accounts. Its records are kept.",
                count,
            )
            % {"name": organisation.name, "count": count},
        )
    return redirect("accounts:organisation_detail", public_id=organisation.public_id)


@require_POST
@requires(Perm.MANAGE_ORGANISATIONS)
def organisation_reactivate(request: HttpRequest, public_id: str) -> HttpResponseBase:
    organisation = queries.get_organisation_for(request.user, public_id)  # type: ignore[arg-type]
    actions.reactivate_organisation(actor=Actor.from_request(request), organisation=organisation)
    messages.success(
        request,
        _("%(name)s is active again. Reactivate each account that should sign in again.")
        % {"name": organisation.name},
    )
    return redirect("accounts:organisation_detail", public_id=organisation.public_id)
