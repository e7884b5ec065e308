"""The only write path for accounts: organisations, users, roles, second factors.

Each action is atomic, checks the caller may do it, and writes one audit event naming the
fields it changed (never their values).
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from ctis.accounts import invitations, permissions, tokens
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


class InvitationNotSent(Exception):
    """The mail server did not take the invitation; the account is unchanged otherwise."""


def _country_of(organisation: Organisation | None) -> str | None:
    return organisation.country.code if organisation and organisation.country else None


def home_organisation(user: User) -> Organisation | None:
    """The organisation the account belongs to, active or not (``user.organisation`` is only
    the active one, so it is None for a deactivated account)."""
    membership = user.memberships.select_related("organisation__country").first()
    return membership.organisation if membership else None


def _forget_roles(user: User) -> None:
    user.__dict__.pop("_roles_cache", None)
    user.__dict__.pop("_memberships_cache", None)


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
    _forget_roles(user)
    return membership


def update_user(
    *,
    actor: Actor,
    user: User,
    organisation: Organisation,
    roles: list[Role],
    first_name: str,
    last_name: str,
    email: str,
) -> list[str]:
    """Change an account's name, e-mail, organisation (and so country) and roles.

    The caller must manage users both where the account is and where it goes. A change of
    role or organisation ends every API token the account holds. Returns the changed fields.
    """
    before = home_organisation(user)
    _require(actor, Perm.MANAGE_USERS, _country_of(before))
    _require(actor, Perm.MANAGE_USERS, _country_of(organisation))
    if not roles:
        raise ValidationError({"roles": "Choose at least one role."})
    for role in roles:
        if role in REGIONAL_ONLY and not organisation.is_regional:
            raise ValidationError({"roles": f"The {role} role belongs to a regional organisation."})
        if role in COUNTRY_ONLY and organisation.is_regional:
            raise ValidationError(
                {"roles": f"The {role} role belongs to an organisation in a country."}
            )
    old_roles = {Role(m.role) for m in user.memberships.all()}
    changed = [
        name
        for name, value in (("first_name", first_name), ("last_name", last_name), ("email", email))
        if getattr(user, name) != value
    ]
    if before != organisation:
        changed.append("organisation")
    if old_roles != set(roles):
        changed.append("roles")
    if not changed:
        return []
    with transaction.atomic():
        user.first_name, user.last_name, user.email = first_name, last_name, email
        user.full_clean(exclude=["password"])
        user.save(update_fields=["first_name", "last_name", "email"])
        if "organisation" in changed or "roles" in changed:
            user.memberships.exclude(organisation=organisation, role__in=roles).delete()
            for role in roles:
                Membership.objects.get_or_create(user=user, organisation=organisation, role=role)
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="user",
            object_id=str(user.public_id),
            changed_fields=changed,
        )
        if "organisation" in changed:
            tokens.revoke_all_tokens(user, "organisation_changed", actor=actor)
        elif "roles" in changed:
            tokens.revoke_all_tokens(user, tokens.Reason.ROLE_CHANGED, actor=actor)
    _forget_roles(user)
    return changed


def deactivate_user(
    *, actor: Actor, user: User, reason: tokens.Reason | str = tokens.Reason.DEACTIVATED
) -> None:
    """Block the account from logging in and end its API tokens; history and audit stay."""
    _require(actor, Perm.MANAGE_USERS, _country_of(home_organisation(user)))
    with transaction.atomic():
        user.is_active = False
        user.save(update_fields=["is_active"])
        TOTPDevice.objects.filter(user=user).delete()
        tokens.revoke_all_tokens(user, reason, actor=actor)
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="user",
            object_id=str(user.public_id),
            changed_fields=["is_active"],
        )
    _forget_roles(user)


def reactivate_user(*, actor: Actor, user: User) -> None:
    """Let the account log in again; it enrols its second factor anew (devices were removed)."""
    organisation = home_organisation(user)
    _require(actor, Perm.MANAGE_USERS, _country_of(organisation))
    if organisation is not None and not organisation.is_active:
        raise ValidationError(
            {"organisation": "The organisation is deactivated; reactivate it first."}
        )
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="user",
            object_id=str(user.public_id),
            changed_fields=["is_active"],
        )
    _forget_roles(user)


def send_invitation(*, actor: Actor, user: User, site_url: str) -> None:
    """E-mail ``user`` a link to set their password (then enrol two-factor at first login).

    Every invitation replaces the account's unusable password marker, so any earlier link
    stops working. Only a pending account (active, no password set yet) can be invited.
    ``site_url`` is the scheme and host the link starts with (``https://ctis.example.org``).
    """
    _require(actor, Perm.MANAGE_USERS, _country_of(home_organisation(user)))
    if not invitations.is_pending(user):
        raise ValidationError("This account already has a password or is deactivated.")
    if not user.email:
        raise ValidationError({"email": "The account has no e-mail address to invite."})
    with transaction.atomic():
        user.set_unusable_password()
        user.save(update_fields=["password"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="user",
            object_id=str(user.public_id),
            changed_fields=["invitation"],
            detail="invitation sent",
        )
        context = {
            "user": user,
            "link": site_url.rstrip("/") + invitations.link_path(user),
            "days": settings.CTIS_INVITATION_DAYS,
        }
        subject = render_to_string("accounts/invitation_subject.txt", context)
        body = render_to_string("accounts/invitation_email.txt", context)
        try:
            send_mail(" ".join(subject.split()), body, None, [user.email])
        except (OSError, smtplib.SMTPException) as exc:
            # Roll back: the old link (if any) keeps working and the audit shows no sending.
            raise InvitationNotSent(type(exc).__name__) from None


def accept_invitation(*, user: User, password: str, client_address: str = "") -> None:
    """The invited person sets their password; the link (signed over the old marker) ends."""
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        audit.record(
            actor=Actor(user=user, client_address=client_address),
            action=audit.Action.PASSWORD_RESET,
            object_type="user",
            object_id=str(user.public_id),
            changed_fields=["password"],
            detail="invitation accepted",
        )


def update_organisation(
    *,
    actor: Actor,
    organisation: Organisation,
    name: str,
    kind: Organisation.Kind | str,
    country: Country | None,
) -> list[str]:
    """Change an organisation's name, type or country (both countries must be the caller's)."""
    _require(actor, Perm.MANAGE_ORGANISATIONS, _country_of(organisation))
    _require(actor, Perm.MANAGE_ORGANISATIONS, country.code if country else None)
    changed = [
        field
        for field, value in (("name", name), ("kind", kind), ("country", country))
        if getattr(organisation, field) != value
    ]
    if not changed:
        return []
    with transaction.atomic():
        organisation.name, organisation.kind, organisation.country = name, kind, country
        organisation.full_clean()
        organisation.save(update_fields=["name", "kind", "country"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="organisation",
            object_id=str(organisation.public_id),
            changed_fields=changed,
        )
    return changed


def deactivate_organisation(*, actor: Actor, organisation: Organisation) -> int:
    """End the partnership: the organisation and all its accounts are deactivated.

    Its records (cases, screenings, referrals) are untouched: they stay in the database and
    in the audit trail. Returns how many accounts were deactivated.
    """
    _require(actor, Perm.MANAGE_ORGANISATIONS, _country_of(organisation))
    with transaction.atomic():
        organisation.is_active = False
        organisation.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="organisation",
            object_id=str(organisation.public_id),
            changed_fields=["is_active"],
        )
        accounts = User.objects.filter(
            memberships__organisation=organisation, is_active=True
        ).distinct()
        count = 0
        for user in accounts:
            deactivate_user(actor=actor, user=user, reason="organisation_deactivated")
            count += 1
    return count


def reactivate_organisation(*, actor: Actor, organisation: Organisation) -> None:
    """Make the organisation active again; its accounts stay deactivated until an
    administrator reactivates each one (people may have left in between)."""
    _require(actor, Perm.MANAGE_ORGANISATIONS, _country_of(organisation))
    with transaction.atomic():
        organisation.is_active = True
        organisation.save(update_fields=["is_active"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="organisation",
            object_id=str(organisation.public_id),
            changed_fields=["is_active"],
        )


def reset_two_factor(*, actor: Actor, user: User) -> None:
    """Remove the user's second-factor devices; they enrol again at their next login."""
    _require(actor, Perm.MANAGE_USERS, _country_of(home_organisation(user)))
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
