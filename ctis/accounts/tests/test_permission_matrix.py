"""Role × organisation × country: who may do what, written out by hand from the policy.

The expected table is independent of ctis.accounts.roles: if someone widens a role there,
this test fails until the policy here is changed too, on purpose.
"""

from __future__ import annotations

import pytest

from ctis.accounts import permissions
from ctis.accounts.roles import Perm, Role

# Perm -> (role -> where it reaches): "org" own organisation only, "country" the
# organisation's country, "region" all six. Missing = denied.
POLICY: dict[Perm, dict[Role, str]] = {
    Perm.SCREEN: {Role.SCREENER: "org", Role.CASEWORKER: "org", Role.SUPERVISOR: "org"},
    Perm.VIEW_OWN_SCREENINGS: {
        Role.SCREENER: "org",
        Role.CASEWORKER: "org",
        Role.SUPERVISOR: "org",
    },
    Perm.VIEW_CASES: {Role.CASEWORKER: "org", Role.SUPERVISOR: "org"},
    Perm.MANAGE_CASES: {Role.CASEWORKER: "org", Role.SUPERVISOR: "org"},
    Perm.SUPERVISE_CASES: {Role.SUPERVISOR: "org"},
    Perm.REFER: {Role.CASEWORKER: "org", Role.SUPERVISOR: "org"},
    Perm.VIEW_AGGREGATES: {Role.COORDINATOR: "country", Role.ANALYST: "region"},
    Perm.IMPORT_SURVEYS: {Role.ANALYST: "region"},
    Perm.MANAGE_CATALOGUE: {Role.COORDINATOR: "country"},
    Perm.VIEW_DIRECTORY: {role: "region" for role in Role},
    Perm.MANAGE_DIRECTORY: {Role.COUNTRY_ADMIN: "country", Role.SYSTEM_ADMIN: "region"},
    Perm.MANAGE_USERS: {Role.COUNTRY_ADMIN: "country", Role.SYSTEM_ADMIN: "region"},
    Perm.MANAGE_ORGANISATIONS: {Role.COUNTRY_ADMIN: "country", Role.SYSTEM_ADMIN: "region"},
    Perm.VIEW_AUDIT: {Role.DPO: "region"},  # the DPO persona sits in the regional office
    Perm.HANDLE_DATA_REQUESTS: {Role.DPO: "region"},
    Perm.BREAK_GLASS: {Role.COUNTRY_ADMIN: "country", Role.SYSTEM_ADMIN: "region"},
    Perm.PROGRAMME_REPORT: {
        Role.SUPERVISOR: "country",
        Role.COORDINATOR: "country",
        Role.ANALYST: "region",
        Role.COUNTRY_ADMIN: "country",
        Role.SYSTEM_ADMIN: "region",
    },
    Perm.MANAGE_PROGRAMME: {
        Role.SUPERVISOR: "country",
        Role.COORDINATOR: "country",
        Role.COUNTRY_ADMIN: "country",
        Role.SYSTEM_ADMIN: "region",
    },
}

# persona fixture -> (role, its organisation key, its country)
PERSONAS = {
    "screener": (Role.SCREENER, "ngo_ba", "BA"),
    "caseworker": (Role.CASEWORKER, "ngo_rs", "RS"),
    "supervisor": (Role.SUPERVISOR, "ngo_rs", "RS"),
    "coordinator": (Role.COORDINATOR, "office_mk", "MK"),
    "analyst": (Role.ANALYST, "regional", None),
    "country_admin": (Role.COUNTRY_ADMIN, "office_ba", "BA"),
    "admin_user": (Role.SYSTEM_ADMIN, "regional", None),
    "dpo": (Role.DPO, "regional", None),
}
# An organisation in the same country as each persona's, and one in another country.
SAME_COUNTRY_OTHER_ORG = {"BA": "shelter_ba", "RS": "shelter_rs", "MK": "office_mk"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("perm", list(Perm))
def test_each_role_reaches_exactly_what_the_policy_says(request, organisations, persona, perm):
    user = request.getfixturevalue(persona)
    role, own_key, own_country = PERSONAS[persona]
    reach = POLICY[perm].get(role)
    own = organisations[own_key]
    other_country_org = organisations["ngo_rs" if own_country != "RS" else "ngo_ba"]
    other_country = other_country_org.country.code

    assert permissions.can(user, perm) is (reach is not None)
    assert permissions.can_for_organisation(user, perm, own) is (reach is not None)
    if own_country is not None:
        same_country_org = organisations[SAME_COUNTRY_OTHER_ORG[own_country]]
        if same_country_org.pk != own.pk:
            assert permissions.can_for_organisation(user, perm, same_country_org) is (
                reach in {"country", "region"}
            )
        assert permissions.can_in_country(user, perm, own_country) is (
            reach in {"country", "region"}
        )
    assert permissions.can_for_organisation(user, perm, other_country_org) is (reach == "region")
    assert permissions.can_in_country(user, perm, other_country) is (reach == "region")


def test_anonymous_and_inactive_users_can_do_nothing(caseworker):
    from django.contrib.auth.models import AnonymousUser

    caseworker.is_active = False
    for perm in Perm:
        assert not permissions.can(AnonymousUser(), perm)
        assert not permissions.can(None, perm)
        assert not permissions.can(caseworker, perm)


def test_a_user_with_no_membership_can_do_nothing(db):
    from ctis.accounts.models import User

    nobody = User.objects.create(username="nobody")
    assert not any(permissions.can(nobody, perm) for perm in Perm)


def test_only_aggregate_roles_may_skip_the_second_factor(
    screener, caseworker, supervisor, coordinator, analyst, country_admin, admin_user, dpo
):
    for user in [screener, caseworker, supervisor, country_admin, admin_user, dpo]:
        assert user.requires_two_factor, user.username
    assert not coordinator.requires_two_factor
    assert not analyst.requires_two_factor
