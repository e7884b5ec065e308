"""The read path for accounts, scoped to what the asking user may manage."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from ctis.accounts import permissions
from ctis.accounts.models import Organisation, User
from ctis.accounts.roles import Perm


def organisations_manageable_by(user: User) -> QuerySet[Organisation]:
    countries = permissions.countries_for(user, Perm.MANAGE_USERS)
    if countries == permissions.ALL_COUNTRIES:
        return Organisation.objects.filter(is_active=True)
    return Organisation.objects.filter(is_active=True, country__code__in=countries)


def organisations_visible_to(user: User) -> QuerySet[Organisation]:
    """Organisations the user may manage, active or not."""
    countries = permissions.countries_for(user, Perm.MANAGE_ORGANISATIONS)
    base = Organisation.objects.select_related("country").order_by("country__name", "name")
    if countries == permissions.ALL_COUNTRIES:
        return base
    return base.filter(country__code__in=countries)


def users_visible_to(user: User) -> QuerySet[User]:
    """Accounts the user may manage: those of organisations in the countries they administer."""
    countries = permissions.countries_for(user, Perm.MANAGE_USERS)
    if not countries:
        return User.objects.none()
    base = User.objects.prefetch_related("memberships__organisation__country").order_by("username")
    if countries == permissions.ALL_COUNTRIES:
        return base.filter(Q(memberships__isnull=False) | Q(is_superuser=True)).distinct()
    return base.filter(memberships__organisation__country__code__in=countries).distinct()


def get_user_for(user: User, public_id: str) -> User:
    """One account the user may manage, or 404 (never a hint that it exists)."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc
    account = users_visible_to(user).filter(public_id=key).first()
    if account is None:
        raise Http404
    return account


def get_organisation_for(user: User, public_id: str) -> Organisation:
    """One organisation the user may manage, or 404."""
    try:
        key = uuid.UUID(str(public_id))
    except ValueError as exc:
        raise Http404 from exc
    organisation = organisations_visible_to(user).filter(public_id=key).first()
    if organisation is None:
        raise Http404
    return organisation


def accounts_of(organisation: Organisation) -> QuerySet[User]:
    return (
        User.objects.filter(memberships__organisation=organisation).distinct().order_by("username")
    )
