"""Applies the role rules of ``roles.py`` to users, organisations and countries.

Views, the API and queries all ask here; nothing else decides who may do what.
Deny by default: an inactive user, a user with no membership or an unknown permission
gets nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ctis.accounts.countries import REGION
from ctis.accounts.roles import Perm, Role, Scope, scope_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from ctis.accounts.models import Organisation, User

ALL_COUNTRIES: frozenset[str] = frozenset(REGION)


def _user(user: User | AnonymousUser | None) -> User | None:
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return user


def can(user: User | AnonymousUser | None, perm: Perm) -> bool:
    """Whether the user may do ``perm`` anywhere at all."""
    return bool(_grants(user, perm))


def _grants(user: User | AnonymousUser | None, perm: Perm) -> list[tuple[Organisation, Scope]]:
    """(organisation, scope) for each membership that grants ``perm``."""
    real = _user(user)
    if real is None:
        return []
    grants = []
    for membership in real.active_memberships():
        scope = scope_of({Role(membership.role)}, perm)
        if scope is not None:
            grants.append((membership.organisation, scope))
    return grants


def countries_for(user: User | AnonymousUser | None, perm: Perm) -> frozenset[str]:
    """Country codes where the user may do ``perm`` on country-wide things.

    An organisation-scoped grant reaches only its own country's aggregates through its own
    organisation's objects, so it yields nothing here.
    """
    codes: set[str] = set()
    for organisation, scope in _grants(user, perm):
        if scope is Scope.REGION or (scope is Scope.COUNTRY and organisation.country is None):
            return ALL_COUNTRIES
        if scope is Scope.COUNTRY and organisation.country is not None:
            codes.add(organisation.country.code)
    return frozenset(codes)


def organisation_ids_for(user: User | AnonymousUser | None, perm: Perm) -> frozenset[int]:
    """Organisations whose own objects the user may do ``perm`` on (organisation scope)."""
    return frozenset(org.pk for org, _scope in _grants(user, perm))


def can_in_country(user: User | AnonymousUser | None, perm: Perm, country_code: str | None) -> bool:
    """Whether ``perm`` reaches things in ``country_code`` (None: regional things)."""
    countries = countries_for(user, perm)
    if country_code is None:
        return countries == ALL_COUNTRIES
    return country_code.upper() in countries


def can_for_organisation(
    user: User | AnonymousUser | None, perm: Perm, organisation: Organisation
) -> bool:
    """Whether ``perm`` reaches objects held by ``organisation``."""
    for own, scope in _grants(user, perm):
        if scope is Scope.ORGANISATION and own.pk == organisation.pk:
            return True
        if scope is Scope.REGION or (scope is Scope.COUNTRY and own.country is None):
            return True
        if (
            scope is Scope.COUNTRY
            and own.country is not None
            and organisation.country_id == own.country.pk
        ):
            return True
    return False
