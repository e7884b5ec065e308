"""Roles and what each may do. The single place that decides permissions; deny by default.

No Django import, so the rules can be read and tested on their own. ``permissions.py`` applies
them to users and objects.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    SCREENER = "screener"
    CASEWORKER = "caseworker"
    SUPERVISOR = "supervisor"
    COORDINATOR = "coordinator"  # national anti-trafficking coordinator
    ANALYST = "analyst"  # regional data analyst
    COUNTRY_ADMIN = "country_admin"
    SYSTEM_ADMIN = "system_admin"
    DPO = "dpo"  # data protection officer


class Perm(StrEnum):
    """Things a user may do. Each view and API endpoint names exactly one."""

    SCREEN = "screen"  # run screening interviews
    VIEW_OWN_SCREENINGS = "view_own_screenings"
    VIEW_CASES = "view_cases"  # personal data of cases held by / referred to the organisation
    MANAGE_CASES = "manage_cases"
    SUPERVISE_CASES = "supervise_cases"  # assign, close, approve
    REFER = "refer"
    VIEW_AGGREGATES = "view_aggregates"  # counts and estimates, never names
    IMPORT_SURVEYS = "import_surveys"
    MANAGE_CATALOGUE = "manage_catalogue"  # national indicator catalogue versions
    VIEW_DIRECTORY = "view_directory"  # the services directory (no personal data)
    MANAGE_DIRECTORY = "manage_directory"
    MANAGE_USERS = "manage_users"
    MANAGE_ORGANISATIONS = "manage_organisations"
    VIEW_AUDIT = "view_audit"
    HANDLE_DATA_REQUESTS = "handle_data_requests"  # a person's export and erasure
    BREAK_GLASS = "break_glass"  # time-limited, logged access to case content
    MANAGE_PROGRAMME = "manage_programme"  # training, coordination, campaigns
    PROGRAMME_REPORT = "programme_report"  # the programme report (counts and estimates only)


class Scope(StrEnum):
    """How far a permission reaches from the user's organisation.

    COUNTRY scope held in a regional organisation (one with no country) reaches the region.
    """

    ORGANISATION = "organisation"  # objects held by (or shared with) the user's organisation
    COUNTRY = "country"  # anything in the organisation's country
    REGION = "region"  # the six countries


ROLE_PERMISSIONS: dict[Role, dict[Perm, Scope]] = {
    Role.SCREENER: {
        Perm.VIEW_DIRECTORY: Scope.REGION,
        Perm.SCREEN: Scope.ORGANISATION,
        Perm.VIEW_OWN_SCREENINGS: Scope.ORGANISATION,
    },
    Role.CASEWORKER: {
        Perm.VIEW_DIRECTORY: Scope.REGION,
        Perm.SCREEN: Scope.ORGANISATION,
        Perm.VIEW_OWN_SCREENINGS: Scope.ORGANISATION,
        Perm.VIEW_CASES: Scope.ORGANISATION,
        Perm.MANAGE_CASES: Scope.ORGANISATION,
        Perm.REFER: Scope.ORGANISATION,
    },
    Role.SUPERVISOR: {
        Perm.VIEW_DIRECTORY: Scope.REGION,
        Perm.PROGRAMME_REPORT: Scope.COUNTRY,
        Perm.SCREEN: Scope.ORGANISATION,
        Perm.VIEW_OWN_SCREENINGS: Scope.ORGANISATION,
        Perm.VIEW_CASES: Scope.ORGANISATION,
        Perm.MANAGE_CASES: Scope.ORGANISATION,
        Perm.SUPERVISE_CASES: Scope.ORGANISATION,
        Perm.REFER: Scope.ORGANISATION,
        Perm.MANAGE_PROGRAMME: Scope.COUNTRY,
    },
    Role.COORDINATOR: {
        Perm.VIEW_DIRECTORY: Scope.REGION,
        Perm.PROGRAMME_REPORT: Scope.COUNTRY,
        Perm.VIEW_AGGREGATES: Scope.COUNTRY,
        Perm.MANAGE_CATALOGUE: Scope.COUNTRY,
        Perm.MANAGE_PROGRAMME: Scope.COUNTRY,
    },
    Role.ANALYST: {
        Perm.VIEW_DIRECTORY: Scope.REGION,
        Perm.PROGRAMME_REPORT: Scope.REGION,
        Perm.VIEW_AGGREGATES: Scope.REGION,
        Perm.IMPORT_SURVEYS: Scope.REGION,
    },
    Role.COUNTRY_ADMIN: {
        Perm.VIEW_DIRECTORY: Scope.REGION,
        Perm.PROGRAMME_REPORT: Scope.COUNTRY,
        Perm.MANAGE_USERS: Scope.COUNTRY,
        Perm.MANAGE_ORGANISATIONS: Scope.COUNTRY,
        Perm.MANAGE_DIRECTORY: Scope.COUNTRY,
        Perm.MANAGE_PROGRAMME: Scope.COUNTRY,
        Perm.BREAK_GLASS: Scope.COUNTRY,
    },
    Role.SYSTEM_ADMIN: {
        Perm.VIEW_DIRECTORY: Scope.REGION,
        Perm.PROGRAMME_REPORT: Scope.REGION,
        Perm.MANAGE_USERS: Scope.REGION,
        Perm.MANAGE_ORGANISATIONS: Scope.REGION,
        Perm.MANAGE_DIRECTORY: Scope.REGION,
        Perm.MANAGE_PROGRAMME: Scope.REGION,
        Perm.BREAK_GLASS: Scope.REGION,
    },
    Role.DPO: {
        Perm.VIEW_DIRECTORY: Scope.REGION,
        Perm.VIEW_AUDIT: Scope.COUNTRY,
        Perm.HANDLE_DATA_REQUESTS: Scope.COUNTRY,
    },
}

# Roles whose holders can reach personal data (directly, through break-glass, or through a
# data-subject request) must log in with a second factor. Coordinators and analysts see
# aggregates only.
PERSONAL_DATA_ROLES: frozenset[Role] = frozenset(
    {
        Role.SCREENER,
        Role.CASEWORKER,
        Role.SUPERVISOR,
        Role.COUNTRY_ADMIN,
        Role.SYSTEM_ADMIN,
        Role.DPO,
    }
)

# Roles that only make sense at the regional level (an organisation with no country).
REGIONAL_ONLY: frozenset[Role] = frozenset({Role.ANALYST, Role.SYSTEM_ADMIN})
# Roles that only make sense inside one country.
COUNTRY_ONLY: frozenset[Role] = frozenset({Role.COORDINATOR, Role.COUNTRY_ADMIN})


def scope_of(roles: frozenset[Role] | set[Role], perm: Perm) -> Scope | None:
    """The widest scope any of ``roles`` grants for ``perm``; None means denied."""
    order = [Scope.ORGANISATION, Scope.COUNTRY, Scope.REGION]
    granted = [ROLE_PERMISSIONS[role][perm] for role in roles if perm in ROLE_PERMISSIONS[role]]
    return max(granted, key=order.index) if granted else None
