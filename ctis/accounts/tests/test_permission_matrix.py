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


# --- Coordination meetings: who may change one (issue 20, defect 6) --------------------------
# The host country's programme managers and regional roles may change a meeting, and for a
# regional meeting also the programme managers of the country whose officer logged it.
# Everyone else with the programme permission may read regional meetings, never change them.
MEETING_EDITORS = {  # persona -> may change a meeting hosted in Montenegro, logged by the system
    "screener": False,
    "caseworker": False,
    "supervisor": False,  # Serbia
    "coordinator": False,  # North Macedonia
    "analyst": False,
    "country_admin": False,  # Bosnia and Herzegovina
    "admin_user": True,  # regional
    "dpo": False,
}


@pytest.fixture
def meetings_hosted_in_montenegro(organisations):
    from datetime import date

    from conftest import SYSTEM, _country
    from ctis.coordination import actions as coordination
    from ctis.coordination.models import Meeting

    def make(level):
        return coordination.create_meeting(
            actor=SYSTEM,
            data={
                "title": f"Test {level} Podgorica",
                "level": level,
                "date": date(2026, 10, 1),
                "host_country": _country("ME"),
                "place": "Podgorica",
            },
        )

    return [make(Meeting.Level.REGIONAL), make(Meeting.Level.NATIONAL)]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_host_countrys_managers_and_regional_roles_change_a_meeting(
    request, meetings_hosted_in_montenegro, persona
):
    from ctis.coordination import queries

    user = request.getfixturevalue(persona)
    for meeting in meetings_hosted_in_montenegro:
        assert queries.can_manage_meeting(user, meeting) is MEETING_EDITORS[persona], (
            persona,
            meeting.level,
        )


def test_a_supervisor_in_bosnia_cannot_change_a_meeting_hosted_by_montenegro(
    make_user, meetings_hosted_in_montenegro
):
    from conftest import SYSTEM, _country
    from ctis.accounts import actions
    from ctis.accounts.models import Organisation
    from ctis.coordination import queries

    sarajevo = make_user("test.sup.ba", Role.SUPERVISOR, "ngo_ba")
    podgorica = actions.create_organisation(
        actor=SYSTEM, name="Test NGO Podgorica", kind=Organisation.Kind.NGO, country=_country("ME")
    )
    montenegro = actions.create_user(
        actor=SYSTEM, username="test.sup.me", organisation=podgorica, roles=[Role.SUPERVISOR]
    )
    for meeting in meetings_hosted_in_montenegro:
        assert not queries.can_manage_meeting(sarajevo, meeting)
        assert queries.can_manage_meeting(montenegro, meeting)
