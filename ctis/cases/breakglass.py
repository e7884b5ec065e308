"""Break-glass: an administrator's time-limited, logged access to one case's content.

Administrators (``Perm.BREAK_GLASS``: country administrators in their country, system
administrators everywhere) see no case content. When they must (a caseworker locked out in an
emergency, a data-quality fault to diagnose), they ask for one case with a written reason; the
grant lasts ``DURATION`` and opens that case's page only, read-only
(``queries.get_case_to_read``). The start and every view are audited; the data protection
officer sees every grant with its reason (``grants_visible_to``). Nothing has to run for a
grant to expire: it is active only while ``now < expires_at``.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.cases.models import BreakGlassGrant, Case
from ctis.screening.models import new_code

DURATION = datetime.timedelta(minutes=60)
MIN_REASON = 20  # characters: a reason, not "x"

NO_SUCH_CASE = "No case with this code in the countries you administer."


def _deny(actor: Actor, perm: Perm) -> PermissionDenied:
    return audit.denial(actor, f"{perm}:break-glass")


def _new_code() -> str:
    while True:
        code = new_code("G")
        if not BreakGlassGrant.objects.filter(code=code).exists():
            return code


def start(
    *, actor: Actor, case_code: str, reason: str, now: datetime.datetime | None = None
) -> BreakGlassGrant:
    """Open ``case_code`` to the acting administrator for ``DURATION``, for ``reason``.

    A case that does not exist and one outside the administrator's reach give the same
    error (no hint that it exists); the latter is audited as a denial.
    """
    user = actor.user
    if user is None or not permissions.can(user, Perm.BREAK_GLASS):
        raise _deny(actor, Perm.BREAK_GLASS)
    reason = reason.strip()
    if len(reason) < MIN_REASON:
        raise ValidationError(
            {"reason": f"Write why you need this case (at least {MIN_REASON} characters)."}
        )
    case = (
        Case.objects.select_related("organisation").filter(code=case_code.strip().upper()).first()
    )
    if case is None:
        raise ValidationError({"case_code": NO_SUCH_CASE})
    if not permissions.can_for_organisation(user, Perm.BREAK_GLASS, case.organisation):
        _deny(actor, Perm.BREAK_GLASS)
        raise ValidationError({"case_code": NO_SUCH_CASE})
    now = now or timezone.now()
    with transaction.atomic():
        grant = BreakGlassGrant.objects.create(
            code=_new_code(),
            case=case,
            user=user,
            reason=reason,
            started_at=now,
            expires_at=now + DURATION,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="break_glass",
            object_id=grant.code,
            changed_fields=["reason"],
            detail=f"case:{case.code};minutes:{int(DURATION.total_seconds() // 60)}",
        )
    return grant


def record_view(*, actor: Actor, grant: BreakGlassGrant) -> None:
    """Audit one view of the person's record under ``grant``."""
    audit.record(
        actor=actor,
        action=audit.Action.VIEW,
        object_type="person",
        object_id=grant.case.person.code,
        detail=f"case:{grant.case.code};break-glass:{grant.code}",
    )


def end(
    *, actor: Actor, grant: BreakGlassGrant, now: datetime.datetime | None = None
) -> BreakGlassGrant:
    """End a grant early: by its holder, or by a DPO of the case's country (revocation)."""
    user = actor.user
    country = grant.case.country.code
    if user is None or not (
        user.pk == grant.user_id or permissions.can_in_country(user, Perm.VIEW_AUDIT, country)
    ):
        raise _deny(actor, Perm.VIEW_AUDIT)
    now = now or timezone.now()
    if not grant.is_active(now):
        return grant
    with transaction.atomic():
        grant.ended_at = now
        grant.ended_by = user
        grant.save(update_fields=["ended_at", "ended_by"])
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="break_glass",
            object_id=grant.code,
            changed_fields=["ended_at"],
            detail=f"case:{grant.case.code};ended",
        )
    return grant


def grants_of(user: User) -> QuerySet[BreakGlassGrant]:
    """The administrator's own grants, newest first."""
    return BreakGlassGrant.objects.filter(user=user).select_related("case")


def grants_visible_to(user: User) -> QuerySet[BreakGlassGrant]:
    """Grants on cases in the countries where ``user`` reads the audit log (the DPO)."""
    countries = permissions.countries_for(user, Perm.VIEW_AUDIT)
    return BreakGlassGrant.objects.filter(case__country__code__in=countries).select_related(
        "case", "case__country", "user", "ended_by"
    )
