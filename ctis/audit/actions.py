"""The one way to write the audit trail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ctis.audit import chain
from ctis.audit.context import Actor
from ctis.audit.models import AuditEvent, AuditHead, ChainCheck

if TYPE_CHECKING:
    from ctis.accounts.models import User

Action = AuditEvent.Action


def audit_key() -> bytes:
    return str(settings.AUDIT_KEY).encode()


def record(
    *,
    actor: Actor,
    action: AuditEvent.Action,
    object_type: str = "",
    object_id: str = "",
    changed_fields: Iterable[str] = (),
    detail: str = "",
    subject: User | None = None,
) -> AuditEvent:
    """Append one event to the chain, inside the caller's transaction if there is one.

    ``subject`` names the account an event is about when there is no acting user yet (a
    failed login for a known account). Values of changed fields are never passed here.
    """
    user = actor.user if actor.user is not None else None
    who = user or subject
    organisation = user.organisation if user is not None else None
    with transaction.atomic():
        head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
        fields = {
            "seq": head.seq + 1,
            "occurred_at": timezone.now().replace(microsecond=0),
            "actor_id": str(who.public_id) if who is not None else "",
            "actor_username": who.get_username() if who is not None else actor.label,
            "roles": ",".join(sorted(user.roles)) if user is not None else "",
            "organisation_id": str(organisation.public_id) if organisation else "",
            "organisation_name": organisation.name if organisation else "",
            "action": str(action),
            "object_type": object_type,
            "object_id": str(object_id),
            "changed_fields": sorted(set(changed_fields)),
            "detail": detail[:200],
            "client_address": actor.client_address,
            "prev_hash": head.hash,
        }
        event = AuditEvent(**fields, hash=chain.link_hash(audit_key(), _hashable(fields)))
        event.save()
        head.seq, head.hash = event.seq, event.hash
        head.save(update_fields=["seq", "hash"])
    return event


def denial(actor: Actor, detail: str) -> PermissionDenied:
    """Record that ``actor`` was refused (``detail`` names what, never a personal value) and
    return the exception for the caller to raise."""
    record(actor=actor, action=Action.PERMISSION_DENIED, detail=detail)
    return PermissionDenied()


def _hashable(fields: dict[str, object]) -> dict[str, object]:
    """The values as the database gives them back (datetimes in UTC ISO form)."""
    hashable = dict(fields)
    occurred_at = fields["occurred_at"]
    hashable["occurred_at"] = occurred_at.astimezone(UTC).isoformat()  # type: ignore[attr-defined]
    return hashable


def verify() -> chain.Break | None:
    """Check the whole chain; the first broken link, or None when it holds."""
    head = AuditHead.objects.filter(pk=1).values_list("seq", "hash").first()
    rows = (
        AuditEvent.objects.order_by("seq")
        .values(*chain.HASHED_FIELDS, "hash")
        .iterator(chunk_size=5000)
    )
    return chain.first_break(
        audit_key(),
        (_hashable(row) for row in rows),
        head=(int(head[0]), str(head[1])) if head else (0, chain.GENESIS),
    )


def check_chain(*, actor: Actor) -> ChainCheck:
    """Verify the chain (``verify``), store the result and audit that it was checked. Anyone
    may run it: the result names no one (the page that offers it is the DPO's)."""
    broken = verify()
    count = AuditEvent.objects.count()
    check = ChainCheck.objects.create(
        checked_at=timezone.now(),
        checked_by=actor.user.get_username() if actor.user is not None else actor.label,
        events=count,
        intact=broken is None,
        broken_at=broken.seq if broken is not None else None,
        reason=broken.reason[:200] if broken is not None else "",
    )
    record(
        actor=actor,
        action=Action.VIEW,
        object_type="audit_chain",
        detail="intact" if broken is None else f"broken:{broken.seq}",
    )
    return check
