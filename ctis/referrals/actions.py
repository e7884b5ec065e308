"""The only write path for referrals. Every action is atomic, checked and audited.

``refer`` makes a referral (or a transfer of case ownership) after checking the consent it
needs; ``change_status`` moves it through ``transitions.ALLOWED_TRANSITIONS``, writing a
``ReferralEvent`` per change. Audit events name referral and case codes and field names, never
personal values; an override of missing consent is an audit event of its own.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ctis.accounts import permissions
from ctis.accounts.models import Organisation, User
from ctis.accounts.roles import Perm
from ctis.audit import actions as audit
from ctis.audit.context import Actor
from ctis.cases import queries as case_queries
from ctis.cases.models import Case, CaseEvent, ConsentEvent
from ctis.directory.models import Service
from ctis.referrals import eligibility, sharing
from ctis.referrals import transitions as machine
from ctis.referrals.models import Referral, ReferralEvent
from ctis.screening.models import new_code

# Days the receiver has to answer, unless the sender sets another date.
DEFAULT_DUE_DAYS = 5
MESSAGE_MAX = 500
Purpose = ConsentEvent.Purpose


def _deny(actor: Actor, perm: Perm) -> PermissionDenied:
    return audit.denial(actor, f"{perm}:referrals")


def _require(actor: Actor, perm: Perm, organisation: Organisation) -> User:
    if actor.user is None or not permissions.can_for_organisation(actor.user, perm, organisation):
        raise _deny(actor, perm)
    return actor.user


def _unique_code() -> str:
    while True:
        code = new_code("R")
        if not Referral.objects.filter(code=code).exists():
            return code


def required_consents(
    case: Case, *, to_organisation: Organisation | None, to_country_code: str
) -> list[str]:
    """The consent purposes a referral of ``case`` needs: services always; telling another
    organisation unless the case's owner is the receiver; cross-border disclosure when the
    receiver is in another country."""
    needed: list[str] = [Purpose.SERVICES]
    if to_organisation is None or to_organisation.pk != case.organisation_id:
        needed.append(Purpose.DISCLOSURE)
    if to_country_code != case.country.code:
        needed.append(Purpose.CROSS_BORDER)
    return needed


def missing_consents(
    case: Case, *, to_organisation: Organisation | None, to_country_code: str
) -> list[str]:
    """Purposes needed but without standing consent (the latest event per purpose counts)."""
    return [
        purpose
        for purpose in required_consents(
            case, to_organisation=to_organisation, to_country_code=to_country_code
        )
        if not case_queries.has_consent(case, purpose)
    ]


def _clean_needs(needs: Iterable[str]) -> list[str]:
    codes = sorted(set(needs))
    unknown = [code for code in codes if code not in Service.Kind.values]
    if unknown:
        raise ValidationError({"needs": "Unknown need."})
    return codes


def refer(
    *,
    actor: Actor,
    case: Case,
    sharing_level: str,
    service: Service | None = None,
    to_organisation: Organisation | None = None,
    kind: str = Referral.Kind.REFERRAL,
    needs: Iterable[str] = (),
    summary: str = "",
    message: str = "",
    due_on: datetime.date | None = None,
    override_reason: str = "",
    eligibility_override: bool = False,
    now: datetime.datetime | None = None,
) -> Referral:
    """Refer ``case`` to a directory ``service`` or to ``to_organisation`` (exactly one), or
    transfer its ownership to ``to_organisation`` (``kind="transfer"``).

    Needs REFER on the case's organisation and an open case. The consent needed
    (``required_consents``) must stand; otherwise ``override_reason`` must say why the referral
    goes ahead anyway — it is stored encrypted and the override is audited (purposes only).
    The summary is shared only at the summary and full levels; the short ``message`` at every
    level. A service whose eligibility (sex, age, languages) the person does not meet is
    refused unless ``eligibility_override`` is set; the rules overridden are kept on the
    referral and audited. A service whose provider has no organisation in ctis makes an
    off-system referral (no receiver: the sender prints a letter and records the answer).
    ``now`` is for demo data and tests. Writes the first ``ReferralEvent`` (∅ → pending) and
    audit CREATE events.
    """
    user = _require(actor, Perm.REFER, case.organisation)
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not case.is_open:
        raise ValidationError("Reopen the case before referring it.")
    if kind not in Referral.Kind.values:
        raise ValidationError({"kind": "Unknown kind of referral."})
    if (service is None) == (to_organisation is None):
        raise ValidationError("Choose either a service or an organisation.")
    if kind == Referral.Kind.TRANSFER and to_organisation is None:
        raise ValidationError({"to_organisation": "A case is transferred to an organisation."})
    if service is not None:
        if not service.is_active:
            raise ValidationError({"service": "This service is no longer active."})
        receiver = service.provider.ctis_organisation
        to_country = service.provider.country
    else:
        assert to_organisation is not None
        if not to_organisation.is_active or to_organisation.country is None:
            raise ValidationError(
                {"to_organisation": "Refer to an active organisation in a country."}
            )
        if to_organisation.pk == case.organisation_id:
            raise ValidationError({"to_organisation": "The case is already with this one."})
        receiver = to_organisation
        to_country = to_organisation.country
    if kind == Referral.Kind.TRANSFER and (
        Referral.objects.filter(
            case=case, kind=Referral.Kind.TRANSFER, status=Referral.Status.PENDING
        ).exists()
    ):
        raise ValidationError("A transfer of this case is already waiting for an answer.")
    if sharing_level not in Referral.Sharing.values:
        raise ValidationError({"sharing": "Choose what to share."})
    summary = summary.strip()
    if summary and "summary" not in sharing.SHARED_FIELDS[sharing.Level(sharing_level)]:
        raise ValidationError({"summary": "A summary is shared only at the summary or full level."})
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise ValidationError({"message": f"Keep the message under {MESSAGE_MAX} characters."})
    unmet = eligibility.mismatches(service, case.person, today) if service is not None else []
    if unmet and not eligibility_override:
        raise ValidationError(
            {
                "eligibility_override": "This person does not match the service: "
                + ", ".join(unmet)
                + ". Choose another service, or confirm that you send it anyway."
            },
            code="eligibility",
        )
    need_codes = _clean_needs(needs) or ([service.kind] if service is not None else [])
    due_on = due_on or today + datetime.timedelta(days=DEFAULT_DUE_DAYS)
    if due_on < today:
        raise ValidationError({"due_on": "The answer cannot be due in the past."})
    missing = missing_consents(case, to_organisation=receiver, to_country_code=to_country.code)
    override_reason = override_reason.strip()
    if missing and not override_reason:
        raise ValidationError(
            {
                "override_reason": "Consent is missing for: "
                + ", ".join(str(Purpose(p).label) for p in missing)
                + ". Record the consent, or write why the referral cannot wait for it."
            },
            code="consent",
        )
    with transaction.atomic():
        referral = Referral.objects.create(
            code=_unique_code(),
            kind=kind,
            case=case,
            from_organisation=case.organisation,
            from_country=case.country,
            service=service,
            to_organisation=receiver,
            to_country=to_country,
            cross_border=to_country.pk != case.country_id,
            sharing=sharing_level,
            needs=" ".join(need_codes),
            summary=summary or None,
            message=message or None,
            eligibility_overridden=" ".join(unmet),
            consent_overridden=" ".join(missing),
            override_reason=override_reason if missing else None,
            status=Referral.Status.PENDING,
            due_on=due_on,
            created_by=user,
            created_at=now,
        )
        ReferralEvent.objects.create(
            referral=referral,
            from_status="",
            to_status=Referral.Status.PENDING,
            by=user,
            by_organisation=case.organisation,
            at=now,
        )
        audit.record(
            actor=actor,
            action=audit.Action.CREATE,
            object_type="referral",
            object_id=referral.code,
            changed_fields=["kind", "sharing", "needs", "due_on", "to"]
            + (["summary"] if summary else [])
            + (["message"] if message else []),
            detail=f"case:{case.code} {kind} to:{to_country.code} sharing:{sharing_level}"
            + (" off-system" if receiver is None else ""),
        )
        if unmet:
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                object_type="eligibility_override",
                object_id=referral.code,
                changed_fields=unmet,
                detail=f"case:{case.code}",
            )
        if missing:
            audit.record(
                actor=actor,
                action=audit.Action.CREATE,
                object_type="consent_override",
                object_id=referral.code,
                changed_fields=missing,
                detail=f"case:{case.code}",
            )
    return referral


def side_actor(user: User, referral: Referral, side: machine.Side) -> bool:
    """Whether ``user`` may act for ``side`` of the referral (REFER on that organisation).

    A service outside ctis cannot answer itself: the sender records its answer.
    """
    if side is machine.Side.SENDER or referral.to_organisation is None:
        organisation = referral.from_organisation
    else:
        organisation = referral.to_organisation
    return permissions.can_for_organisation(user, Perm.REFER, organisation)


def _hand_over(referral: Referral, accepted_by: User, now: datetime.datetime) -> None:
    """Make the transfer's receiver the owner of the case (compare-and-swap on its revision),
    with the accepting user as caseworker if they may manage cases there."""
    receiver = referral.to_organisation
    assert receiver is not None and receiver.country is not None
    case = Case.objects.get(pk=referral.case_id)
    if case.organisation_id != referral.from_organisation_id or not case.is_open:
        raise ValidationError("The case has changed hands or was closed since it was sent.")
    caseworker = (
        accepted_by
        if permissions.can_for_organisation(accepted_by, Perm.MANAGE_CASES, receiver)
        else None
    )
    updated = Case.objects.filter(pk=case.pk, revision=case.revision).update(
        organisation=receiver,
        country=receiver.country,
        caseworker=caseworker,
        revision=case.revision + 1,
        updated_at=now,
    )
    if updated != 1:
        raise ValidationError("The case was changed meanwhile; try again.")
    CaseEvent.objects.create(
        case=case,
        revision=case.revision + 1,
        kind=CaseEvent.Kind.ASSIGNED,
        fields="caseworker country organisation",
        by=accepted_by,
        at=now,
    )


def change_status(
    *,
    actor: Actor,
    referral: Referral,
    to: str,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> ReferralEvent:
    """Move the referral to ``to`` if ``ALLOWED_TRANSITIONS`` allows it.

    The receiver accepts, declines (with a reason, stored encrypted) and completes; the sender
    withdraws. Accepting a transfer makes the receiver the case's owner: the sender keeps no
    access to the case. Refused if someone changed the referral meanwhile. Writes a
    ``ReferralEvent`` and an audit UPDATE event.
    """
    now = now or timezone.now()
    try:
        target = machine.Status(to)
    except ValueError:
        raise ValidationError({"to": "Unknown status."}) from None
    side = machine.SIDE_OF.get(target)
    if side is None or actor.user is None or not side_actor(actor.user, referral, side):
        raise _deny(actor, Perm.REFER)
    user = actor.user
    if not machine.can_change(referral.kind, referral.status, target):
        raise ValidationError(
            {"to": f"A {referral.kind} cannot go from {referral.status} to {target}."},
            code="transition",
        )
    reason = reason.strip()
    if target in machine.NEEDS_REASON and not reason:
        raise ValidationError({"reason": "Say why the referral is declined."})
    fields: dict[str, object] = {"status": str(target)}
    if target is machine.Status.ACCEPTED:
        fields["accepted_at"] = now
    else:
        fields["closed_at"] = now
    if target is machine.Status.DECLINED:
        fields["decline_reason"] = reason
    previous = referral.status
    acting_for = (
        referral.from_organisation
        if side is machine.Side.SENDER or referral.to_organisation is None
        else referral.to_organisation
    )
    with transaction.atomic():
        if target is machine.Status.DECLINED:
            # An encrypted value cannot go through QuerySet.update(): save it on the instance
            # after the compare-and-swap of the status.
            swap = {k: v for k, v in fields.items() if k != "decline_reason"}
        else:
            swap = fields
        updated = Referral.objects.filter(pk=referral.pk, status=previous).update(**swap)
        if updated != 1:
            raise ValidationError("Someone changed this referral meanwhile; look again.")
        for name, value in fields.items():
            setattr(referral, name, value)
        if target is machine.Status.DECLINED:
            referral.save(update_fields=["decline_reason"])
        if referral.is_transfer and target is machine.Status.ACCEPTED:
            _hand_over(referral, user, now)
        event = ReferralEvent.objects.create(
            referral=referral,
            from_status=previous,
            to_status=target,
            by=user,
            by_organisation=acting_for,
            at=now,
        )
        audit.record(
            actor=actor,
            action=audit.Action.UPDATE,
            object_type="referral",
            object_id=referral.code,
            changed_fields=list(fields),
            detail=f"status:{previous}>{target} case:{referral.case.code}",
        )
        if referral.is_transfer and target is machine.Status.ACCEPTED:
            audit.record(
                actor=actor,
                action=audit.Action.UPDATE,
                object_type="case",
                object_id=referral.case.code,
                changed_fields=["caseworker", "country", "organisation"],
                detail=f"transferred:{referral.code}",
            )
    return event
