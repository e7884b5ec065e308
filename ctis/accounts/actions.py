"""The only write path for accounts: organisations, users, roles, second factors.

Each action is atomic, checks the caller may do it, and writes one audit event naming the
fields it changed (never their values).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctis.accounts import permissions, tokens
from ctis.accounts.models import Country, Membership, Organisation, User
from ctis.accounts.roles import COUNTRY_ONLY, REGIONAL_ONLY, Perm, Role
from ctis.audit import actions as audit
from ctis.audit.context import Actor


def _require(actor: Actor, perm: Perm, country_code: str | None) -> None:
    """System actors (the demo loader, commands run by an operator) may do anything."""
    if actor.user is None:
        return
    if not permissions.can_in_country(actor.user, perm, country_code):
        raise audit.denial(actor, str(perm))


def create_organisation(
    *, actor: Actor, name: str, kind: Organisation.Kind | str, country: Country | None
) -> Organisation:
    """Create an organisation in ``country`` (None: the regional level)."""
    _require(actor, Perm.MANAGE_ORGANISATIONS, country.code if country else None)
    with transaction.atomic():
        organisation = Organisation.objects.create(name=name, kind=kind, country=country)
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="organisation",
            object_id=str(organisation.public_id),
            changed_fields=["name", "kind", "country"],
        )
    return organisation


def create_user(
    *,
    actor: Actor,
    username: str,
    organisation: Organisation,
    roles: list[Role],
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_demo: bool = False,
) -> User:
    """Create a staff account with its roles in ``organisation``.

    Without a password the account cannot log in until a password reset is completed.
    """
    country_code = organisation.country.code if organisation.country else None
    _require(actor, Perm.MANAGE_USERS, country_code)
    if not roles:
        raise ValidationError({"roles": "Choose at least one role."})
    with transaction.atomic():
        user = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            email=email,
            is_demo=is_demo,
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="user",
            object_id=str(user.public_id),
            changed_fields=["username", "first_name", "last_name", "email", "password"],
        )
        for role in roles:
            grant_role(actor=actor, user=user, organisation=organisation, role=role)
    return user


def grant_role(*, actor: Actor, user: User, organisation: Organisation, role: Role) -> Membership:
    """Give ``user`` a role in ``organisation``; a user works for one organisation only."""
    country_code = organisation.country.code if organisation.country else None
    _require(actor, Perm.MANAGE_USERS, country_code)
    if role in REGIONAL_ONLY and not organisation.is_regional:
        raise ValidationError({"role": f"The {role} role belongs to a regional organisation."})
    if role in COUNTRY_ONLY and organisation.is_regional:
        raise ValidationError({"role": f"The {role} role belongs to an organisation in a country."})
    other = user.memberships.exclude(organisation=organisation).first()
    if other is not None:
        raise ValidationError({"organisation": "A user works for one organisation only."})
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role
        )
        if created:
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                object_type="membership",
                object_id=f"{user.public_id}:{role}",
                changed_fields=["role", "organisation"],
            )
    user.__dict__.pop("_roles_cache", None)
    user.__dict__.pop("_memberships_cache", None)
    return membership


def deactivate_user(*, actor: Actor, user: User) -> None:
    """Block the account from logging in; its history and audit trail stay."""
    organisation = user.organisation
    _require(
        actor,
        Perm.MANAGE_USERS,
        organisation.country.code if organisation and organisation.country else None,
    )
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        TOTPDevice.objects.filter(user=user).delete()
        tokens.revoke_all_tokens(user, tokens.Reason.DEACTIVATED, actor=actor)
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="user",
            object_id=str(user.public_id),
            changed_fields=["is_active"],
        )


def reset_two_factor(*, actor: Actor, user: User) -> None:
    """Remove the user's second-factor devices; they enrol again at their next login."""
    organisation = user.organisation
    _require(
        actor,
        Perm.MANAGE_USERS,
        organisation.country.code if organisation and organisation.country else None,
    )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        # Tokens were issued against the old device's codes: they end with it.
        tokens.revoke_all_tokens(user, tokens.Reason.TWO_FACTOR_RESET, actor=actor)
        audit.record(
            actor=actor,
            action=audit.Action.TWO_FACTOR_RESET,
            object_type="user",
            object_id=str(user.public_id),
            changed_fields=["otp_device"],
        )


def start_totp_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator device, created on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    return device


def confirm_totp_enrolment(*, actor: Actor, device: TOTPDevice, token: str) -> bool:
    """Confirm the device if ``token`` is right; the user then has exactly one device."""
    if not device.verify_token(token):
        audit.record(
            actor=actor,
            action=audit.Action.TWO_FACTOR_FAILED,
            object_type="user",
            object_id=str(device.user.public_id),
        )
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit.record(
            actor=actor,
            action=audit.Action.TWO_FACTOR_ENROLLED,
            object_type="user",
            object_id=str(device.user.public_id),
            changed_fields=["otp_device"],
        )
    return True
